import { describe, expect, it } from 'vitest';
import { demonstrationLabelWord } from './label-word.ts';

describe('demonstrationLabelWord', () => {
  it("shows the class's first label word, or the class id while it has none", () => {
    const labels = { '0': ['terrible', 'bad'], '1': ['great'], '2': [] };
    expect(demonstrationLabelWord(labels, '0')).toBe('terrible');
    expect(demonstrationLabelWord(labels, '1')).toBe('great');
    expect(demonstrationLabelWord(labels, '2')).toBe('2');
    expect(demonstrationLabelWord(labels, '3')).toBe('3');
  });
});
