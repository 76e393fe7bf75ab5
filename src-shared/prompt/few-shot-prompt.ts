import { buildPromptParts, type PromptParts, type TemplateRow } from './template.ts';

/**
 * The one function that turns a task, ordered demonstrations and a query into a prompt. The study
 * runner (src-main/experiments/prompts.ts) and the Prompt view's preview both call it, so the
 * preview is byte for byte what a study scores for the same demonstrations, order and query.
 */
export interface FewShotTask {
  instruction: string;
  template: string;
  separator: string;
  /** Class -> label words; a demonstration shows its class's first word (Zhao et al. 2021). */
  labels: Readonly<Record<string, readonly string[]>>;
}

export interface FewShotDemonstration {
  fields: TemplateRow;
  gold: string;
}

export function demonstrationWord(task: FewShotTask, gold: string): string {
  const word = task.labels[gold]?.[0];
  if (word === undefined) throw new Error(`label "${gold}" has no label word`);
  return word;
}

export function fewShotPrompt(task: FewShotTask, demonstrations: readonly FewShotDemonstration[], query: TemplateRow): PromptParts {
  return buildPromptParts({
    instruction: task.instruction,
    template: task.template,
    separator: task.separator,
    demos: demonstrations.map((d) => ({ row: d.fields, labelWord: demonstrationWord(task, d.gold) })),
    query,
  });
}
