import { describe, expect, it } from 'vitest';
import { parseGenerated, templateOpening } from './parse-generated.ts';

describe('parseGenerated (Lu et al. 2022 template parsing)', () => {
  const sst2 = 'Review: {{input}}\nSentiment: {{label}}';

  it('reads the inputs of complete one-field examples and counts the one cut off at the end', () => {
    // What the generation prompt's opening ("Review:") plus a continuation look like.
    const text = 'Review: a gorgeous, witty film\nSentiment: positive\n\nReview:  dull and far too long\nSentiment: negative\n\nReview: the cast is fine but\nSenti';
    const parsed = parseGenerated(sst2, '\n\n', text);
    expect(parsed.rows).toEqual([{ input: 'a gorgeous, witty film' }, { input: 'dull and far too long' }]);
    expect(parsed.incomplete).toBe(1);
  });

  it('takes a space or none after the opening, never an input across the separator, and needs the answer line to end', () => {
    const text = 'Review:no space here at all\nSentiment: negative\nReview: lost its way\n\nReview: second try works\nSentiment: positive';
    const parsed = parseGenerated(sst2, '\n\n', text);
    // The first example ends at a single line break; the next opening holds the separator before its
    // answer line (incomplete); the last one's answer line never ends (incomplete).
    expect(parsed.rows).toEqual([{ input: 'no space here at all' }]);
    expect(parsed.incomplete).toBe(2);
  });

  it('reads both fields of a two-field template that opens with a field', () => {
    const template = '{{premise}}\nquestion: {{hypothesis}} true, false, or neither?\nanswer: {{label}}';
    const text = 'The dog ran home.\nquestion: A dog moved. true, false, or neither?\nanswer: true\n\nIt rained all day.\nquestion:  The sun shone. true, false, or neither?\nanswer: false\n\nA half-written example';
    const parsed = parseGenerated(template, '\n\n', text);
    expect(parsed.rows).toEqual([
      { premise: 'The dog ran home.', hypothesis: 'A dog moved.' },
      { premise: 'It rained all day.', hypothesis: 'The sun shone.' },
    ]);
    expect(parsed.incomplete).toBe(1);
    expect(templateOpening(template)).toBe('');
  });

  it("gives the generation prompt's opening without its trailing space (Lu's prefix.strip)", () => {
    expect(templateOpening(sst2)).toBe('Review:');
    expect(parseGenerated(sst2, '\n\n', 'nothing of the template here').rows).toEqual([]);
  });
});

describe('parseGenerated: where one example ends', () => {
  it('never lets an input run into the next opening of the template', () => {
    const text = 'Review: we admired this steak Rating: Mo\nReview: awful movie and ugly\nSentiment: bad\n';
    const parsed = parseGenerated('Review: {{input}}\nSentiment: {{label}}', '\n\n', text);
    expect(parsed.rows).toEqual([{ input: 'awful movie and ugly' }]);
    expect(parsed.incomplete).toBe(1);
  });
});
