import { LABEL_FIELD, templateSegments, type TemplateRow } from './template.ts';

/**
 * Where the label word sits in a rendered demonstration: character offsets [start, end) of every
 * `{{label}}` in `renderDemonstration(template, row, labelWord)`.
 *
 * Attention knockouts of label words (Wang et al. 2023, "Label Words are Anchors") need the label
 * word's tokens; this finds its characters without searching the text, so a review that happens to
 * contain the word is never mistaken for the label.
 */
export function labelSpans(template: string, row: TemplateRow, labelWord: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let at = 0;
  for (const segment of templateSegments(template)) {
    if (segment.kind === 'text') at += segment.text.length;
    else if (segment.name === LABEL_FIELD) {
      spans.push({ start: at, end: at + labelWord.length });
      at += labelWord.length;
    } else at += String(row[segment.name] ?? '').length;
  }
  return spans;
}
