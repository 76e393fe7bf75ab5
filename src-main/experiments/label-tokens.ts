import type { ModelInfo } from '../engine/protocol.ts';
import { labelContinuation } from '../../src-shared/prompt/template.ts';
import { ExperimentInputError } from './errors.ts';
import type { ExperimentSpec, LabelMode } from '../../src-shared/experiments/experiment-schema.ts';
import { tokenIds, tokenTexts, type StudyEngine } from './study-engine.ts';

/** How label words are scored: as one next token, or as the whole token sequence of " " + word. */
export type LabelScoring = LabelMode;

/** Per class (spec.classes order), the token id scored for each of its label words. */
export interface LabelTokens {
  mode: LabelScoring;
  perClass: number[][];
  /** Every distinct id, the `tokenIds` of each scoreNext call. */
  all: number[];
  /** Per class, per label word, every token of " " + word (what full-sequence modes score). */
  sequences: number[][][];
  warnings: string[];
}

/** What label resolution reads of a study, a learning curve or a saved head. */
export interface LabelTokenSpec {
  classes: readonly string[];
  task: { labels: Record<string, readonly string[]> };
  labelMode: ExperimentSpec['labelMode'];
}

/**
 * Resolve each label word to the tokens scored for it: the first token of " " + word (Zhao et al.
 * 2021), or all of them in the full-sequence modes. With labelMode single-token a word the
 * tokenizer splits is an error naming the pieces; with first-token it is a warning; the
 * full-sequence modes score every piece, so per-tokenizer verbalizer lists are not needed.
 * A BOS the tokenizer adds is not part of the word.
 */
export async function resolveLabelTokens(engine: StudyEngine, model: ModelInfo, spec: LabelTokenSpec): Promise<LabelTokens> {
  const mode: LabelScoring = spec.labelMode ?? 'single-token';
  const fullSequence = mode === 'full-sequence' || mode === 'length-normalized';
  const warnings: string[] = [];
  const perClass: number[][] = [];
  const sequences: number[][][] = [];
  for (const cls of spec.classes) {
    const ids: number[] = [];
    const words: number[][] = [];
    for (const word of spec.task.labels[cls]) {
      const tokens = await engine.tokenize(model.modelId, labelContinuation(word));
      let pieces = tokens;
      if (model.bosTokenId !== undefined && tokenIds(pieces)[0] === model.bosTokenId) pieces = pieces.slice(1);
      if (pieces.length === 0) throw new ExperimentInputError(`task.labels.${cls}: label word ${JSON.stringify(word)} gives no tokens`, 'LABEL_TOKENS');
      words.push(tokenIds(pieces));
      if (pieces.length > 1 && !fullSequence) {
        const named = tokenTexts(pieces).map((t) => JSON.stringify(t)).join(' + ');
        const message = `task.labels.${cls}: label word ${JSON.stringify(' ' + word)} is ${pieces.length} tokens for this tokenizer (${named})`;
        if (model.kind === 'encoder') throw new ExperimentInputError(`${message}; a cloze study scores one token at the mask: use a single-token word`, 'LABEL_TOKENS');
        if (mode === 'single-token') throw new ExperimentInputError(`${message}; use a single-token word, labelMode: first-token or labelMode: full-sequence`, 'LABEL_TOKENS');
        warnings.push(`${message}; scoring its first token`);
      }
      ids.push(tokenIds(pieces)[0]);
    }
    perClass.push(ids);
    sequences.push(words);
  }
  if (fullSequence) {
    checkDistinctSequences(spec.classes, sequences);
    return { mode, perClass, all: [...new Set(perClass.flat())], sequences, warnings };
  }
  const seen = new Map<number, string>();
  spec.classes.forEach((cls, c) => {
    for (const id of perClass[c]) {
      const other = seen.get(id);
      if (other !== undefined && other !== cls) throw new ExperimentInputError(`task.labels: classes ${other} and ${cls} score the same token ${id}`, 'LABEL_TOKENS');
      seen.set(id, cls);
    }
  });
  return { mode, perClass, all: [...seen.keys()], sequences, warnings };
}

/** Two classes scoring the very same token sequence could never be told apart. */
function checkDistinctSequences(classes: readonly string[], sequences: number[][][]): void {
  const seen = new Map<string, string>();
  classes.forEach((cls, c) => {
    for (const seq of sequences[c]) {
      const key = seq.join(',');
      const other = seen.get(key);
      if (other !== undefined && other !== cls) throw new ExperimentInputError(`task.labels: classes ${other} and ${cls} score the same tokens ${key}`, 'LABEL_TOKENS');
      seen.set(key, cls);
    }
  });
}

/** Tokens run after the prompt to score the labels: all but the last label token in the full-sequence modes, else none. */
export function labelReserve(labelTokens: LabelTokens): number {
  if (labelTokens.mode !== 'full-sequence' && labelTokens.mode !== 'length-normalized') return 0;
  return Math.max(0, ...labelTokens.sequences.flat().map((s) => s.length - 1));
}
