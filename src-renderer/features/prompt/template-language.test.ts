import { describe, expect, it } from 'vitest';
import { escapeControl, unescapeControl } from './escapes.ts';
import { placeholderCompletions, templateMonarch } from './template-language.ts';

describe('placeholderCompletions', () => {
  it('offers input, label and the dataset fields, replacing the braces already typed', () => {
    const items = placeholderCompletions('Premise: {{pre', ['input', 'premise', 'hypothesis']);
    expect(items.map((i) => i.insertText)).toEqual(['{{input}}', '{{label}}', '{{premise}}', '{{hypothesis}}']);
    expect(items[0].replaceChars).toBe('{{pre'.length);
  });
  it('replaces nothing when no brace was typed', () => {
    expect(placeholderCompletions('Review: ', ['input'])[0].replaceChars).toBe(0);
  });
});

describe('templateMonarch', () => {
  it('has a rule per placeholder kind and flags a stray {{', () => {
    const rules = (templateMonarch.tokenizer as { root: [RegExp, string][] }).root;
    const classify = (text: string) => rules.find(([re]) => new RegExp(`^(?:${re.source})$`).test(text))?.[1];
    expect(classify('{{label}}')).toBe('placeholder.label');
    expect(classify('{{ input }}')).toBe('placeholder.input');
    expect(classify('{{premise}}')).toBe('placeholder.field');
    expect(classify('{{')).toBe('invalid');
  });
});

describe('separator escapes', () => {
  it('round-trips newlines, tabs and backslashes', () => {
    const text = 'a\n\nb\t\\n';
    expect(escapeControl(text)).toBe('a\\n\\nb\\t\\\\n');
    expect(unescapeControl(escapeControl(text))).toBe(text);
  });
});
