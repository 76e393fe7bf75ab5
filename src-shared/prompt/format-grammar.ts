import { createRng } from '../rng/index.ts';

/**
 * Meaningful-preserving format variants of a template, from a small grammar in the manner of
 * FormatSpread (Sclar et al. 2023, "Quantifying Language Models' Sensitivity to Spurious Features
 * in Prompt Design"): a template made of `Name<separator>{{field}}` pieces joined by whitespace
 * (`Review: {{input}}\nSentiment: {{label}}`) varies in
 * - the casing of the field names (as written, lower, UPPER, Title),
 * - the separator between a name and its value (`: `, ` - `, `:\n`, ...),
 * - the join between the pieces: the text between the input and the label line (`\n`, ` `, ...),
 * one choice of each for the whole template. The words stay; only the format changes.
 */
export const CASINGS = ['as-written', 'lower', 'upper', 'title'] as const;
export type Casing = (typeof CASINGS)[number];

export interface FormatGrammar {
  casing: Casing[];
  separators: string[];
  joins: string[];
}

export const DEFAULT_GRAMMAR: FormatGrammar = {
  casing: [...CASINGS],
  separators: [': ', ' - ', ':\n', ' = ', ' :: '],
  joins: ['\n', ' ', '\n\n', ' | '],
};

interface Piece {
  name: string;
  field: string;
}

/** A template's pieces, or the one-line reason it is not of the grammar's shape. */
export function parseFormat(template: string): { pieces: Piece[] } | { problem: string } {
  const parts = template.split(/(\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\})/);
  const pieces: Piece[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const before = parts[i - 1];
    // The first piece starts the template; each later one starts with its join: whitespace, maybe with bars (` | `).
    const match = (i === 1 ? /^([A-Za-z][A-Za-z ]*?)\s*[:=-]*\s*$/ : /^(?=\s)[\s|]*([A-Za-z][A-Za-z ]*?)\s*[:=-]*\s*$/).exec(before);
    if (!match) return { problem: `"${before.replace(/\n/g, '\\n')}" before ${parts[i]} is not a field name with a separator (formats varies templates like "Review: {{input}}\\nSentiment: {{label}}")` };
    pieces.push({ name: match[1], field: parts[i].replace(/[{}\s]/g, '') });
  }
  if (pieces.length === 0) return { problem: 'names no field' };
  if (parts[parts.length - 1].trim() !== '') return { problem: `text after the last field ("${parts[parts.length - 1]}")` };
  return { pieces };
}

function recase(name: string, casing: Casing): string {
  if (casing === 'lower') return name.toLowerCase();
  if (casing === 'upper') return name.toUpperCase();
  if (casing === 'title') return name.replace(/\S+/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
  return name;
}

/** Every variant of the grammar for the pieces, in (casing, separator, join) order; duplicates once. */
export function formatSpace(pieces: readonly Piece[], grammar: FormatGrammar): string[] {
  const out = new Set<string>();
  for (const casing of grammar.casing) {
    for (const separator of grammar.separators) {
      for (const join of grammar.joins) out.add(pieces.map((p) => `${recase(p.name, casing)}${separator}{{${p.field}}}`).join(join));
    }
  }
  return [...out];
}

/** `sample` distinct variants drawn without replacement (seeded), in drawn order. */
export function sampleFormats(template: string, grammar: FormatGrammar, sample: number, seed: number): string[] {
  const parsed = parseFormat(template);
  if ('problem' in parsed) throw new Error(parsed.problem);
  const space = formatSpace(parsed.pieces, grammar);
  return createRng(seed).sample(space, Math.min(sample, space.length));
}
