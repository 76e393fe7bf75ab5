import { fewShotPrompt } from '../../src-shared/prompt/few-shot-prompt.ts';
import { contentFreeQuery, contentFreeRow, renderQuery } from '../../src-shared/prompt/template.ts';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';

/** A demonstration as the prompt needs it: its fields and its gold class. */
export interface DemoExample {
  fields: Record<string, string>;
  gold: string;
}

/**
 * The shared prefix of every prompt of one (seed, order): the instruction, then each
 * demonstration with its separator, as separate parts so the engine caches each boundary.
 * A demonstration shows its class's first label word (Zhao et al.).
 */
export function prefixParts(spec: ExperimentSpec, demos: readonly DemoExample[]): string[] {
  return fewShotPrompt(spec.task, demos, contentFreeRow(spec.task.template, '')).prefixParts;
}

/** The query for a row: the template cut at `{{label}}`, trailing whitespace removed. */
export function querySuffix(spec: ExperimentSpec, fields: Record<string, string>): string {
  return renderQuery(spec.task.template, fields);
}

/**
 * The query of a content-free input, built as `contentFreeMode` says (block: Zhao et al.; fields:
 * Fei et al.). Runs stored before the option existed replaced every field.
 */
export function contentFreeSuffix(spec: ExperimentSpec, text: string): string {
  return contentFreeQuery(spec.task.template, text, spec.contentFreeMode ?? 'fields');
}
