import { demonstrationLabelWord } from '../../src-shared/prompt/label-word.ts';
import { buildPromptParts, contentFreeRow, renderQuery } from '../../src-shared/prompt/template.ts';

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

/** The prompt text before a zero-shot query: the instruction part, if any. */
export function zeroShotPrefix(task: PromptTask): string[] {
  return fewShotPrefix(task, []);
}

/** The zero-shot prompt as one string: the text whose hidden state is the example's feature. */
export function featureText(task: PromptTask, fields: Record<string, string>): string {
  return zeroShotPrefix(task).join('') + renderQuery(task.template, fields);
}

/** Prefix parts of a k-shot prompt: instruction, then each demonstration with its class's first label word. */
export function fewShotPrefix(task: PromptTask, demos: readonly { fields: Record<string, string>; label: string }[]): string[] {
  return buildPromptParts({
    instruction: task.instruction,
    template: task.template,
    separator: task.separator,
    demos: demos.map((d) => ({ row: d.fields, labelWord: demonstrationLabelWord(task.labels, d.label) })),
    query: contentFreeRow(task.template, ''),
  }).prefixParts;
}

/** Identifies the prompt construction in cache keys and head files. */
export function templateKey(task: PromptTask): string {
  return JSON.stringify({ instruction: task.instruction, template: task.template, separator: task.separator });
}
