import { buildPromptParts, contentFreeRow } from '../../src-shared/prompt/template.ts';

/**
 * The prompts a learning curve runs, built exactly as the study runner builds its own
 * (src-shared/prompt/template.ts), so "k examples in the prompt" means the same prompt in both.
 */
export interface PromptTask {
  instruction: string;
  template: string;
  separator: string;
  labels: Record<string, string[]>;
}

/** The zero-shot prompt of one row: instruction part (if any) and the query. */
export function zeroShotParts(task: PromptTask, fields: Record<string, string>): { prefixParts: string[]; suffix: string } {
  return buildPromptParts({ instruction: task.instruction, template: task.template, separator: task.separator, demos: [], query: fields });
}

/** The zero-shot prompt as one string: the text whose hidden state is the example's feature. */
export function featureText(task: PromptTask, fields: Record<string, string>): string {
  const parts = zeroShotParts(task, fields);
  return parts.prefixParts.join('') + parts.suffix;
}

/** Prefix parts of a k-shot prompt: instruction, then each demonstration with its class's first label word. */
export function fewShotPrefix(task: PromptTask, demos: readonly { fields: Record<string, string>; label: string }[]): string[] {
  return buildPromptParts({
    instruction: task.instruction,
    template: task.template,
    separator: task.separator,
    demos: demos.map((d) => ({ row: d.fields, labelWord: task.labels[d.label][0] })),
    query: contentFreeRow(task.template, ''),
  }).prefixParts;
}

/** Identifies the prompt construction in cache keys and head files. */
export function templateKey(task: PromptTask): string {
  return JSON.stringify({ instruction: task.instruction, template: task.template, separator: task.separator });
}
