import { buildPromptParts, contentFreeRow, renderQuery } from '../../src-shared/prompt/template.ts';
import { demonstrationLabelWord } from '../../src-shared/prompt/label-word.ts';
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
  return buildPromptParts({
    instruction: spec.task.instruction,
    template: spec.task.template,
    separator: spec.task.separator,
    demos: demos.map((d) => ({ row: d.fields, labelWord: demonstrationLabelWord(spec.task.labels, d.gold) })),
    query: contentFreeRow(spec.task.template, ''),
  }).prefixParts;
}

/** The query for a row: the template cut at `{{label}}`, trailing whitespace removed. */
export function querySuffix(spec: ExperimentSpec, fields: Record<string, string>): string {
  return renderQuery(spec.task.template, fields);
}
