import { demonstrationLabelWord } from './label-word.ts';
import { buildPromptParts, LABEL_FIELD, templateSegments, type PromptParts, type TemplateRow } from './template.ts';

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


export function fewShotPrompt(task: FewShotTask, demonstrations: readonly FewShotDemonstration[], query: TemplateRow): PromptParts {
  return buildPromptParts({
    instruction: task.instruction,
    template: task.template,
    separator: task.separator,
    demos: demonstrations.map((d) => ({ row: d.fields, labelWord: demonstrationLabelWord(task.labels, d.gold) })),
    query,
  });
}

/** A named character range of a prompt (what the attention view measures mass over). */
export interface PromptSpan {
  name: string;
  kind: 'instruction' | 'demonstration' | 'label' | 'query';
  start: number;
  end: number;
}

/**
 * The spans of a prompt built by {@link fewShotPrompt}: the instruction, each demonstration, its
 * label word (with the space before it, as labels are scored as " " + word) and the query.
 */
export function fewShotSpans(task: FewShotTask, demonstrations: readonly FewShotDemonstration[], query: TemplateRow): PromptSpan[] {
  const parts = fewShotPrompt(task, demonstrations, query);
  const segments = templateSegments(task.template);
  const spans: PromptSpan[] = [];
  const demoStart = parts.prefixParts.length - demonstrations.length;
  let at = 0;
  parts.prefixParts.forEach((part, i) => {
    if (i < demoStart) {
      spans.push({ name: 'instruction', kind: 'instruction', start: at, end: at + part.length });
    } else {
      const d = demonstrations[i - demoStart];
      const word = demonstrationLabelWord(task.labels, d.gold);
      spans.push({ name: `demo ${i - demoStart + 1}`, kind: 'demonstration', start: at, end: at + part.length - task.separator.length });
      let offset = 0;
      for (const s of segments) {
        if (s.kind === 'field' && s.name === LABEL_FIELD) break;
        offset += s.kind === 'text' ? s.text.length : String(d.fields[s.name] ?? '').length;
      }
      const space = offset > 0 && part[offset - 1] === ' ' ? 1 : 0;
      spans.push({ name: `label ${i - demoStart + 1}: ${word}`, kind: 'label', start: at + offset - space, end: at + offset + word.length });
    }
    at += part.length;
  });
  spans.push({ name: 'query', kind: 'query', start: at, end: at + parts.suffix.length });
  return spans;
}
