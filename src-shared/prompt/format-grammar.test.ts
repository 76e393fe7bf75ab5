import { describe, expect, it } from 'vitest';
import { DEFAULT_GRAMMAR, formatSpace, parseFormat, sampleFormats } from './format-grammar.ts';

describe('format grammar', () => {
  it('reads Name: {{field}} pieces joined by whitespace, and refuses other shapes in one line', () => {
    expect(parseFormat('Review: {{input}}\nSentiment: {{label}}')).toEqual({ pieces: [{ name: 'Review', field: 'input' }, { name: 'Sentiment', field: 'label' }] });
    expect(parseFormat('Movie review - {{input}} Answer = {{label}}')).toEqual({ pieces: [{ name: 'Movie review', field: 'input' }, { name: 'Answer', field: 'label' }] });
    expect(parseFormat('{{input}} All in all, it was {{label}}')).toMatchObject({ problem: expect.stringMatching(/is not a field name with a separator/) });
    expect(parseFormat('Q: {{input}} A: {{label}}.')).toMatchObject({ problem: expect.stringMatching(/text after the last field/) });
  });

  it('varies casing, separator and join together, keeping the words', () => {
    const pieces = [{ name: 'Movie review', field: 'input' }, { name: 'Sentiment', field: 'label' }];
    const space = formatSpace(pieces, { casing: ['as-written', 'upper', 'title'], separators: [': ', ':\n'], joins: ['\n', ' | '] });
    expect(space).toHaveLength(12);
    expect(space).toContain('Movie review: {{input}}\nSentiment: {{label}}');
    expect(space).toContain('MOVIE REVIEW:\n{{input}} | SENTIMENT:\n{{label}}');
    expect(space).toContain('Movie Review: {{input}} | Sentiment: {{label}}');
    expect(formatSpace(pieces, DEFAULT_GRAMMAR)).toHaveLength(4 * 5 * 4);
    // Every variant is of the grammar's shape again.
    for (const v of space) expect(parseFormat(v)).toHaveProperty('pieces');
  });

  it('draws distinct variants, the same for the same seed', () => {
    const a = sampleFormats('Review: {{input}}\nSentiment: {{label}}', DEFAULT_GRAMMAR, 5, 7);
    expect(new Set(a).size).toBe(5);
    expect(sampleFormats('Review: {{input}}\nSentiment: {{label}}', DEFAULT_GRAMMAR, 5, 7)).toEqual(a);
    expect(sampleFormats('Review: {{input}}\nSentiment: {{label}}', DEFAULT_GRAMMAR, 5, 8)).not.toEqual(a);
  });
});
