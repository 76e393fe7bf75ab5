import { describe, expect, it } from 'vitest';
import { buildPromptParts } from '../../../src-shared/prompt/template.ts';
import { defaultLabelWords, parseWordList, renderPrompt, type PromptSettings } from './render-prompt.ts';

const settings: PromptSettings = {
  instruction: 'Classify the sentiment.',
  template: 'Review: {{input}}\nSentiment: {{label}}',
  separator: '\n\n',
  labelWords: { '0': ['Negative'], '1': ['Positive', 'Good'] },
};
const demos = [
  { text: 'a dull film', fields: {}, label: '0' },
  { text: 'a joy', fields: {}, label: '1' },
];

describe('renderPrompt', () => {
  it('renders the same text as the study runner and names every part', () => {
    const out = renderPrompt(settings, demos, { text: 'fine acting', fields: {} }, ['input']);
    const expected = buildPromptParts({
      instruction: settings.instruction,
      template: settings.template,
      separator: settings.separator,
      demos: [
        { row: { input: 'a dull film' }, labelWord: 'Negative' },
        { row: { input: 'a joy' }, labelWord: 'Positive' },
      ],
      query: { input: 'fine acting' },
    });
    expect(out.problems).toEqual([]);
    expect(out.text).toBe(expected.prefixParts.join('') + expected.suffix);
    expect(out.text.endsWith('Review: fine acting\nSentiment:')).toBe(true);
    const slice = (name: string) => {
      const span = out.spans.find((s) => s.name === name)!;
      return out.text.slice(span.start, span.end);
    };
    expect(slice('instruction')).toBe('Classify the sentiment.\n\n');
    expect(slice('demo 1')).toBe('Review: a dull film\nSentiment: Negative');
    expect(slice('label 1: Negative')).toBe(' Negative');
    expect(slice('label 2: Positive')).toBe(' Positive');
    expect(slice('query')).toBe('Review: fine acting\nSentiment:');
  });

  it('reports template problems instead of rendering', () => {
    const out = renderPrompt({ ...settings, template: 'Review: {{text}}\nSentiment: {{label}}' }, demos, null, ['input']);
    expect(out.text).toBe('');
    expect(out.problems.join(' ')).toMatch(/\{\{text\}\} is not a field/);
  });

  it('uses named fields of sentence-pair rows', () => {
    const out = renderPrompt(
      { ...settings, instruction: '', template: 'premise: {{premise}}\nhypothesis: {{hypothesis}}\nprediction: {{label}}' },
      [{ text: 'p1', fields: { premise: 'p1', hypothesis: 'h1' }, label: '1' }],
      { text: 'p2', fields: { premise: 'p2', hypothesis: 'h2' } },
      ['input', 'premise', 'hypothesis'],
    );
    expect(out.text).toBe('premise: p1\nhypothesis: h1\nprediction: Positive\n\npremise: p2\nhypothesis: h2\nprediction:');
  });
});

describe('label words', () => {
  it('reads SST-2 digits as Negative/Positive and keeps other labels as they are', () => {
    expect(defaultLabelWords(['1', '0'])).toEqual({ '0': ['Negative'], '1': ['Positive'] });
    expect(defaultLabelWords(['World', 'Sports'])).toEqual({ World: ['World'], Sports: ['Sports'] });
  });
  it('splits aliases on commas and drops empty entries', () => {
    expect(parseWordList(' Technology, Science ,, ')).toEqual(['Technology', 'Science']);
  });
});
