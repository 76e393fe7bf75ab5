import { buildPromptParts, contentFreeRow, renderQuery } from '../../src-shared/prompt/template.ts';
import { clozeText } from './cloze.ts';
import type { ExperimentSpec } from './spec/experiment-schema.ts';

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
  return buildPromptParts({
    instruction: spec.task.instruction,
    template: spec.task.template,
    separator: spec.task.separator,
    demos: demos.map((d) => ({ row: d.fields, labelWord: spec.task.labels[d.gold][0] })),
    query: contentFreeRow(spec.task.template, ''),
  }).prefixParts;
}

/**
 * The query for a row: the template cut at `{{label}}`, trailing whitespace removed; for an
 * encoder (`maskToken` given) the whole template with the model's mask token in the label slot.
 */
export function querySuffix(spec: ExperimentSpec, fields: Record<string, string>, maskToken?: string): string {
  return maskToken === undefined ? renderQuery(spec.task.template, fields) : clozeText(spec, fields, maskToken);
}
