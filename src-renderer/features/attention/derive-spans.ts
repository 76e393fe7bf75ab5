import type { AttentionSpan } from '../../../src-shared/api/attention.ts';

/**
 * Names the parts of a few-shot prompt when the caller gave none: blocks split by the separator
 * are demonstrations, the last block is the query, and the word after a demonstration's last
 * ": " is its label (the "Review: ...\nSentiment: Positive" shape of Zhao et al. 2021).
 */
export function deriveSpans(text: string, separator = '\n\n'): AttentionSpan[] {
  const spans: AttentionSpan[] = [];
  const blocks: { start: number; end: number }[] = [];
  let cursor = 0;
  while (cursor <= text.length) {
    const at = separator ? text.indexOf(separator, cursor) : -1;
    const end = at === -1 ? text.length : at;
    if (end > cursor) blocks.push({ start: cursor, end });
    if (at === -1) break;
    cursor = at + separator.length;
  }
  blocks.forEach((block, index) => {
    const isQuery = index === blocks.length - 1 && blocks.length > 1;
    if (isQuery) {
      spans.push({ name: 'query', kind: 'query', start: block.start, end: block.end });
      return;
    }
    spans.push({ name: `demo ${index + 1}`, kind: 'demonstration', start: block.start, end: block.end });
    const body = text.slice(block.start, block.end);
    const colon = body.lastIndexOf(': ');
    if (colon !== -1 && colon + 2 < body.length) {
      const labelStart = block.start + colon + 1; // include the space: labels are scored as " " + word
      spans.push({ name: `label ${index + 1}: ${body.slice(colon + 2).trim()}`, kind: 'label', start: labelStart, end: block.end });
    }
  });
  return spans;
}
