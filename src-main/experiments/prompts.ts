import { fewShotPrompt } from '../../src-shared/prompt/few-shot-prompt.ts';
import { contentFreeQuery, contentFreeRow, renderQuery } from '../../src-shared/prompt/template.ts';
import { clozeText } from './cloze.ts';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';

/** A demonstration as the prompt needs it: its fields and its gold class. */
export interface DemoExample {
  fields: Record<string, string>;
  gold: string;
}

/**
 * The shared prefix of every prompt of one (seed, order): the instruction, then each
 * demonstration with its separator, as separate parts so the engine caches each boundary.
 * A demonstration shows its class's first label word (src-shared/prompt/label-word.ts).
 */
export function prefixParts(spec: ExperimentSpec, demos: readonly DemoExample[]): string[] {
  return fewShotPrompt(spec.task, demos, contentFreeRow(spec.task.template, '')).prefixParts;
}

/**
 * The query for a row: the template cut at `{{label}}`, trailing whitespace removed; for an
 * encoder (`maskToken` given) the whole template with the model's mask token in the label slot.
 */
export function querySuffix(spec: ExperimentSpec, fields: Record<string, string>, maskToken?: string): string {
  return maskToken === undefined ? renderQuery(spec.task.template, fields) : clozeText(spec, fields, maskToken);
}

/**
 * The query of a content-free input, built as `contentFreeMode` says (block: Zhao et al.; fields:
 * Fei et al.). Runs stored before the option existed replaced every field. A cloze query (an
 * encoder's, `maskToken` given) replaces every field: the mask slot may sit between fields, where
 * Zhao et al.'s input block is not defined (prepareStudy warns when that differs from block).
 */
export function contentFreeSuffix(spec: ExperimentSpec, text: string, maskToken?: string): string {
  if (maskToken !== undefined) return clozeText(spec, contentFreeRow(spec.task.template, text), maskToken);
  return contentFreeQuery(spec.task.template, text, spec.contentFreeMode ?? 'fields');
}
