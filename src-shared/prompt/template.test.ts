import { describe, expect, it } from 'vitest';
import {
  buildPromptParts,
  contentFreeRow,
  labelContinuation,
  parseTemplate,
  renderDemonstration,
  renderQuery,
  validateTemplate,
} from './template.ts';

const SST2 = 'Review: {{input}}\nSentiment: {{label}}';
const RTE = '{{premise}}\nquestion: {{hypothesis}} True or False?\nanswer: {{label}}';

describe('parseTemplate', () => {
  it('lists the distinct fields in order of appearance', () => {
    expect(parseTemplate(SST2)).toEqual(['input', 'label']);
    expect(parseTemplate(RTE)).toEqual(['premise', 'hypothesis', 'label']);
    expect(parseTemplate('{{ input }} / {{input}} => {{label}}')).toEqual(['input', 'label']);
  });

  it('rejects a malformed placeholder with its position', () => {
    expect(() => parseTemplate('Review: {{inpt}\n{{label}}')).toThrow(
      'template has a malformed placeholder at character 8',
    );
  });
});

describe('validateTemplate', () => {
  it('accepts a well-formed template', () => {
    expect(validateTemplate(SST2, ['input'])).toEqual([]);
    expect(validateTemplate(RTE, ['premise', 'hypothesis'])).toEqual([]);
  });

  it('reports each problem on its own line', () => {
    expect(validateTemplate('Review: {{input}}', ['input'])).toEqual(['template has no {{label}} placeholder']);
    expect(validateTemplate('Sentiment: {{label}}', ['input'])).toEqual([
      'template has no input field such as {{input}}',
    ]);
    expect(validateTemplate('{{text}} {{label}}', ['input'])).toEqual([
      'template field {{text}} is not a field of the data (available: input)',
    ]);
    expect(validateTemplate('{{premise}} {{label}} {{hypothesis}}', ['premise', 'hypothesis'])).toEqual([
      'template field {{hypothesis}} comes after {{label}}; every input field must precede it',
    ]);
    expect(validateTemplate('{{input}} {{label}} {{label}}', ['input'])).toEqual([
      'template has {{label}} 2 times; it must appear once',
    ]);
    expect(validateTemplate('{{input}} {{lab', ['input'])[0]).toMatch(/malformed placeholder at character 10/);
  });
});

describe('rendering', () => {
  it('renders a demonstration with the label word', () => {
    expect(renderDemonstration(SST2, { input: 'a gem' }, 'Positive')).toBe('Review: a gem\nSentiment: Positive');
  });

  it('does not re-expand placeholders inside row text', () => {
    expect(renderDemonstration(SST2, { input: 'odd {{label}} text' }, 'Negative')).toBe(
      'Review: odd {{label}} text\nSentiment: Negative',
    );
  });

  it('cuts the query at {{label}} and removes the trailing space', () => {
    expect(renderQuery(SST2, { input: 'dull' })).toBe('Review: dull\nSentiment:');
    expect(renderQuery(RTE, { premise: 'P.', hypothesis: 'H' })).toBe('P.\nquestion: H True or False?\nanswer:');
  });

  it('names a missing row field', () => {
    expect(() => renderQuery(RTE, { premise: 'P.' })).toThrow('row has no text for template field {{hypothesis}}');
  });

  it('scores label words as " " + word', () => {
    expect(labelContinuation('Positive')).toBe(' Positive');
  });
});

describe('contentFreeRow', () => {
  it('replaces every field the template names', () => {
    expect(contentFreeRow(RTE, 'N/A')).toEqual({ premise: 'N/A', hypothesis: 'N/A' });
    // Zhao's SST-2 prompt with the empty content-free input ends in "Review: \nSentiment:".
    expect(renderQuery(SST2, contentFreeRow(SST2, ''))).toBe('Review: \nSentiment:');
  });
});

describe('buildPromptParts', () => {
  it("reproduces Zhao et al.'s SST-2 2-shot prompt", () => {
    const parts = buildPromptParts({
      instruction: '',
      template: SST2,
      separator: '\n\n',
      demos: [
        { row: { input: 'x1' }, labelWord: 'Negative' },
        { row: { input: 'x2' }, labelWord: 'Positive' },
      ],
      query: { input: 'xt' },
    });
    expect(parts).toEqual({
      prefixParts: ['Review: x1\nSentiment: Negative\n\n', 'Review: x2\nSentiment: Positive\n\n'],
      suffix: 'Review: xt\nSentiment:',
    });
    expect(parts.prefixParts.join('') + parts.suffix).toBe(
      'Review: x1\nSentiment: Negative\n\nReview: x2\nSentiment: Positive\n\nReview: xt\nSentiment:',
    );
  });

  it('puts the instruction first, followed by the separator once', () => {
    const agnews = 'Classify the news articles into the categories of World, Sports, Business, and Technology.';
    const spec = {
      template: 'Article: {{input}}\nAnswer: {{label}}',
      separator: '\n\n',
      demos: [{ row: { input: 'A' }, labelWord: 'Sports' }],
      query: { input: 'B' },
    };
    const bare = buildPromptParts({ ...spec, instruction: agnews });
    const withSeparator = buildPromptParts({ ...spec, instruction: agnews + '\n\n' });
    expect(bare.prefixParts[0]).toBe(agnews + '\n\n');
    expect(withSeparator).toEqual(bare);
    expect(bare.prefixParts.join('') + bare.suffix).toBe(
      agnews + '\n\nArticle: A\nAnswer: Sports\n\nArticle: B\nAnswer:',
    );
  });

  it('gives an empty prefix for a zero-shot prompt without instruction', () => {
    expect(buildPromptParts({ instruction: '', template: SST2, separator: '\n\n', demos: [], query: { input: 'q' } })).toEqual({
      prefixParts: [],
      suffix: 'Review: q\nSentiment:',
    });
  });
});
