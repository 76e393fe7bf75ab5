import { labelSpans } from '../../../src-shared/prompt/label-span.ts';
import { prefixParts, querySuffix } from '../prompts.ts';
import { tokenIds } from '../study-engine.ts';
import type { InsideCondition, InsideEngine, InsideSetup } from './inside-setup.ts';

/** The prompts of a condition over the setup's test sample: shared prefix parts and one suffix per example. */
export function conditionPrompts(setup: InsideSetup, condition: InsideCondition): { prefixParts: string[]; suffixes: string[] } {
  return {
    prefixParts: prefixParts(setup.spec, condition.demos),
    suffixes: setup.tests.map((t) => querySuffix(setup.spec, t.fields)),
  };
}

/** Character spans of each demonstration's label word(s) in the joined prefix. */
export function labelWordSpans(setup: InsideSetup, condition: InsideCondition): { demo: number; start: number; end: number }[] {
  const parts = prefixParts(setup.spec, condition.demos);
  const first = parts.length - condition.demos.length;
  let offset = parts.slice(0, first).reduce((n, p) => n + p.length, 0);
  const spans: { demo: number; start: number; end: number }[] = [];
  condition.demos.forEach((demo, j) => {
    const word = setup.spec.task.labels[demo.gold][0];
    for (const s of labelSpans(setup.spec.task.template, demo.fields, word)) spans.push({ demo: j, start: offset + s.start, end: offset + s.end });
    offset += parts[first + j].length;
  });
  return spans;
}

/**
 * Token positions of a prompt: those overlapping the demonstrations' label words, and the other
 * positions inside demonstrations (the control a knockout is compared with).
 */
export async function demoTokenPositions(engine: InsideEngine, setup: InsideSetup, condition: InsideCondition, suffix: string): Promise<{ label: number[]; other: number[] }> {
  const parts = prefixParts(setup.spec, condition.demos);
  const first = parts.length - condition.demos.length;
  const demoStart = parts.slice(0, first).reduce((n, p) => n + p.length, 0);
  const demoEnd = parts.reduce((n, p) => n + p.length, 0);
  const spans = labelWordSpans(setup, condition);
  const pieces = await engine.tokenize(setup.model.modelId, parts.join('') + suffix);
  const label: number[] = [];
  const other: number[] = [];
  pieces.forEach((piece, i) => {
    if (typeof piece === 'number') return;
    if (spans.some((s) => piece.end > s.start && piece.start < s.end)) label.push(i);
    else if (piece.start >= demoStart && piece.end <= demoEnd) other.push(i);
  });
  if (label.length === 0 && condition.demos.length > 0 && tokenIds(pieces).length > 0) {
    throw new Error('no token overlaps a demonstration label word; the tokenizer gave no character offsets');
  }
  return { label, other };
}
