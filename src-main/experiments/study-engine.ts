import type { GenerateOptions, LoadOptions, ModelInfo, ScoreMaskedRequest, ScoreNextRequest, ScoreNextResult, TokenPiece } from '../engine/protocol.ts';

/**
 * What a study needs from the engine: the part of `EngineHost` it calls.
 *
 * Written as a structural interface so the runner takes the real host (constructed in the
 * composition root) without importing the worker machinery; tests pass the real host too.
 */
export interface StudyEngine {
  load(ref: string, options?: LoadOptions): Promise<ModelInfo>;
  tokenize(modelId: string, text: string): Promise<readonly (number | TokenPiece)[]>;
  scoreNext(request: ScoreNextRequest): Promise<ScoreNextResult>;
  /** Encoders (cloze studies): label ids scored at the query's mask. */
  scoreMasked?(request: ScoreMaskedRequest): Promise<ScoreNextResult>;
  /** Decoders: a seeded continuation (Lu et al.'s generated probing set, `probing.source: generated`). */
  generate?(modelId: string, prompt: string, options: GenerateOptions, onToken: (token: { tokenId: number; text: string }) => void): Promise<string>;
}

/** Token ids of a tokenize answer, whichever shape the host returns. */
export function tokenIds(tokens: readonly (number | TokenPiece)[]): number[] {
  return tokens.map((t) => (typeof t === 'number' ? t : t.id));
}

/** Token texts of a tokenize answer, where the host gives them. */
export function tokenTexts(tokens: readonly (number | TokenPiece)[]): string[] {
  return tokens.map((t) => (typeof t === 'number' ? `#${t}` : t.text));
}

/** The load options a study or learning curve asks for: its `dtype`, when it names one. */
export function studyLoadOptions(spec: { dtype?: string }): LoadOptions {
  return spec.dtype ? { dtype: spec.dtype } : {};
}
