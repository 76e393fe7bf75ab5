/**
 * The prompt the study will send for the current demonstrations, with the spans that name its
 * parts (for the attention view) and any template problem, from src-shared's template code.
 *
 * Built by the study runner's own `fewShotPrompt`, so the preview cannot drift from what is scored.
 */
import { demonstrationLabelWord } from '../../../src-shared/prompt/label-word.ts';
import type { AttentionSpan } from '../../../src-shared/api/attention.ts';
import type { DatasetRow } from '../../../src-shared/api/datasets.ts';
import { fewShotPrompt } from '../../../src-shared/prompt/few-shot-prompt.ts';
import { templateSegments, validateTemplate, LABEL_FIELD, type TemplateRow } from '../../../src-shared/prompt/template.ts';

export interface PromptSettings {
  instruction: string;
  template: string;
  separator: string;
  /** Class label -> label words; the first is used in demonstrations, aliases are summed when scoring. */
  labelWords: Record<string, string[]>;
}

export interface RenderedPrompt {
  text: string;
  spans: AttentionSpan[];
  /** Empty when the prompt rendered; otherwise why not, one line each. */
  problems: string[];
}

/** The values a template can name for a row: `input` plus every field of the source file. */
export function templateRow(row: Pick<DatasetRow, 'text' | 'fields'>): TemplateRow {
  return { ...row.fields, input: row.text };
}

/** The word a demonstration of `label` shows: the first label word, else the label itself. */
export function demoLabelWord(settings: PromptSettings, label: string): string {
  return demonstrationLabelWord(settings.labelWords, label);
}

/** Characters before `{{label}}` in a rendered demonstration (where the label word starts). */
function labelOffset(template: string, row: TemplateRow): number {
  let length = 0;
  for (const segment of templateSegments(template)) {
    if (segment.kind === 'field' && segment.name === LABEL_FIELD) return length;
    length += segment.kind === 'text' ? segment.text.length : String(row[segment.name] ?? '').length;
  }
  return length;
}

export function renderPrompt(
  settings: PromptSettings,
  demonstrations: readonly Pick<DatasetRow, 'text' | 'fields' | 'label'>[],
  query: Pick<DatasetRow, 'text' | 'fields'> | null,
  fields: readonly string[],
): RenderedPrompt {
  const problems = validateTemplate(settings.template, fields.length > 0 ? fields : ['input']);
  if (problems.length > 0) return { text: '', spans: [], problems };
  const queryRow = query ? templateRow(query) : contentFreeQuery(fields);
  try {
    // The study runner's own prompt function; labels without a word yet show the label itself.
    const labels = Object.fromEntries(demonstrations.map((d) => [d.label, [demoLabelWord(settings, d.label)]]));
    const parts = fewShotPrompt(
      { instruction: settings.instruction, template: settings.template, separator: settings.separator, labels },
      demonstrations.map((d) => ({ fields: templateRow(d), gold: d.label })),
      queryRow,
    );
    const spans: AttentionSpan[] = [];
    let at = 0;
    const demoStart = settings.instruction.length > 0 ? 1 : 0;
    parts.prefixParts.forEach((part, i) => {
      if (i < demoStart) {
        spans.push({ name: 'instruction', kind: 'instruction', start: at, end: at + part.length });
      } else {
        const d = demonstrations[i - demoStart];
        const word = demoLabelWord(settings, d.label);
        const body = part.length - settings.separator.length;
        spans.push({ name: `demo ${i - demoStart + 1}`, kind: 'demonstration', start: at, end: at + body });
        const labelAt = at + labelOffset(settings.template, templateRow(d));
        // The label span includes the space before the word: labels are scored as " " + word.
        const spaceBefore = labelAt > at && parts.prefixParts[i][labelAt - at - 1] === ' ' ? 1 : 0;
        spans.push({ name: `label ${i - demoStart + 1}: ${word}`, kind: 'label', start: labelAt - spaceBefore, end: labelAt + word.length });
      }
      at += part.length;
    });
    spans.push({ name: 'query', kind: 'query', start: at, end: at + parts.suffix.length });
    return { text: parts.prefixParts.join('') + parts.suffix, spans, problems: [] };
  } catch (error) {
    return { text: '', spans: [], problems: [(error as Error).message] };
  }
}

/** A stand-in query when no test row is at hand: every field shown as its own placeholder name. */
function contentFreeQuery(fields: readonly string[]): TemplateRow {
  const row: Record<string, string> = { input: '…' };
  for (const f of fields) row[f] = '…';
  return row;
}

/** Default label words: SST-2's digits read as Negative/Positive (Zhao et al.), else the label itself. */
export function defaultLabelWords(labels: readonly string[]): Record<string, string[]> {
  const sorted = [...labels].sort();
  if (sorted.length === 2 && sorted[0] === '0' && sorted[1] === '1') return { '0': ['Negative'], '1': ['Positive'] };
  return Object.fromEntries(labels.map((l) => [l, [l]]));
}

/** "Positive, Good" -> ["Positive", "Good"]; empty entries dropped. */
export function parseWordList(text: string): string[] {
  return text.split(',').map((w) => w.trim()).filter((w) => w.length > 0);
}
