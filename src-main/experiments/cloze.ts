import type { ClozeQuery, ModelInfo, ScoreMaskedRequest, ScoreNextRequest, ScoreNextResult } from '../engine/protocol.ts';
import { contentFreeQuery, LABEL_FIELD, renderDemonstration, templateSegments } from '../../src-shared/prompt/template.ts';
import { ExperimentInputError } from './errors.ts';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';

/**
 * Cloze-style studies on masked-LM encoders (PET, Schick & Schütze 2021; LM-BFF with
 * demonstrations, Gao et al. 2021): the demonstrations are filled in with their label words as for
 * decoders, the query's `{{label}}` becomes the model's mask token, with the rest of the template
 * kept after it, and each label word is scored at that mask. Orders, seeds, content-free inputs and
 * calibration are the decoder study's, unchanged.
 */

/** What the runner needs from the engine for a cloze batch (EngineHost has it). */
export interface ClozeEngine {
  scoreNext(request: ScoreNextRequest): Promise<ScoreNextResult>;
  scoreMasked?(request: ScoreMaskedRequest): Promise<ScoreNextResult>;
}

export function isCloze(model: Pick<ModelInfo, 'kind'>): boolean {
  return model.kind === 'encoder';
}

const SLOT = '\u0000label-slot\u0000';

/** The query split at its label slot: what comes before the mask and what follows it. */
export function clozeQuery(spec: ExperimentSpec, fields: Record<string, string>): ClozeQuery {
  const rendered = renderDemonstration(spec.task.template, fields, SLOT);
  const at = rendered.indexOf(SLOT);
  return { head: rendered.slice(0, at), tail: rendered.slice(at + SLOT.length).split(SLOT).join('') };
}

/** The whole query text as the encoder reads it, for counting tokens. */
export function clozeText(spec: ExperimentSpec, fields: Record<string, string>, maskToken: string): string {
  const q = clozeQuery(spec, fields);
  return q.head + maskToken + q.tail;
}

/** A cloze template needs the slot the mask goes in: one line naming the template otherwise. */
export function checkClozeTemplate(spec: ExperimentSpec, model: ModelInfo): void {
  const slots = templateSegments(spec.task.template).filter((s) => s.kind === 'field' && s.name === LABEL_FIELD).length;
  if (slots === 0) {
    throw new ExperimentInputError(`task.template: ${JSON.stringify(spec.task.template)} has no {{label}}: a cloze study on the encoder ${model.name} puts its mask token ${model.maskToken} there`, 'TEMPLATE');
  }
}

/**
 * What a reader of a cloze study must know: a content-free input that is the model's mask token
 * (Zhao et al.'s "[MASK]" on a BERT) puts a second mask in the prompt; the label is still scored
 * at the query's slot, but the prior is then taken over a prompt with two masks.
 */
export function clozeWarnings(spec: ExperimentSpec, model: ModelInfo): string[] {
  const mask = model.maskToken;
  if (!mask || !spec.calibration.includes('contextual')) return [];
  const warnings = spec.contentFree
    .filter((text) => text.includes(mask))
    .map((text) => `contentFree: ${JSON.stringify(text)} holds ${model.name}'s mask token ${mask}: its prompts have a second mask besides the label slot, where the label words are scored`);
  // Zhao et al.'s whole-block replacement is defined for a query that ends at the label; a cloze
  // query goes on after its mask, so its content-free inputs replace each field instead (Fei et al.).
  const mode = spec.contentFreeMode ?? 'fields';
  const differs = spec.contentFree.some((text) => contentFreeQuery(spec.task.template, text, 'block') !== contentFreeQuery(spec.task.template, text, 'fields'));
  if (mode === 'block' && differs) {
    warnings.push('contentFreeMode: block: a cloze study replaces each field of the template with the content-free string (Fei et al. 2023), not the whole input block; for this template the two differ');
  }
  return warnings;
}

/**
 * One batch of a study: next-token (or continuation) scoring for decoders, scoring at the mask for
 * encoders (always one token per label word: label resolution refuses split words for encoders).
 */
export function scoreStudyBatch(
  engine: ClozeEngine,
  model: ModelInfo,
  prefixParts: string[],
  items: { suffix: string; cloze?: ClozeQuery }[],
  scoring: Pick<ScoreNextRequest, 'tokenIds' | 'continuations'>,
): Promise<ScoreNextResult> {
  if (!isCloze(model)) return engine.scoreNext({ modelId: model.modelId, prefixParts, suffixes: items.map((i) => i.suffix), ...scoring });
  if (!engine.scoreMasked) throw new Error('this engine cannot score encoders (no scoreMasked)');
  return engine.scoreMasked({ modelId: model.modelId, prefixParts, queries: items.map((i) => i.cloze!), tokenIds: scoring.tokenIds });
}
