import { describe, expect, it } from 'vitest';
import { fewShotPrompt, fewShotSpans } from './few-shot-prompt.ts';

describe('fewShotSpans', () => {
  it('names each demonstration, its label word and the query by their exact characters', () => {
    const task = { instruction: 'Classify.', template: 'Review: {{input}}\nSentiment: {{label}}', separator: '\n###\n', labels: { '0': ['Negative'], '1': ['Positive'] } };
    const demos = [{ fields: { input: 'dull' }, gold: '0' }, { fields: { input: 'fine' }, gold: '1' }];
    const parts = fewShotPrompt(task, demos, { input: 'ok' });
    const text = parts.prefixParts.join('') + parts.suffix;
    const spans = fewShotSpans(task, demos, { input: 'ok' });
    const cut = (name: string) => {
      const s = spans.find((x) => x.name === name)!;
      return text.slice(s.start, s.end);
    };
    expect(cut('instruction')).toBe('Classify.\n###\n');
    expect(cut('demo 1')).toBe('Review: dull\nSentiment: Negative');
    expect(cut('label 2: Positive')).toBe(' Positive');
    expect(cut('query')).toBe('Review: ok\nSentiment:');
  });
});
