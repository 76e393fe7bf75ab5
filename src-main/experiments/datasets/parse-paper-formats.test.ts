import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from './load-dataset.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-formats-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('trec format', () => {
  it("reads LABEL:fine lines with Zhao et al.'s clean-ups, coarse label as the class", () => {
    const file = write('train_5500.label', "NUM:dist How far is it from Denver to Aspen ?\nHUM:ind Who was `` the Great '' , said Bob 's friend ?\n\n");
    const rows = loadDataset({ path: file, format: 'trec' }, { labels: ['NUM', 'HUM', 'LOC'] });
    expect(rows.map((r) => [r.id, r.label, r.fields.fine, r.fields.input])).toEqual([
      ['train_5500.label:1', 'NUM', 'dist', 'How far is it from Denver to Aspen?'],
      ['train_5500.label:2', 'HUM', 'ind', 'Who was "the Great", said Bob\'s friend?'],
    ]);
  });

  it('names the line of a row without a LABEL:fine prefix', () => {
    const file = write('bad.label', 'NUM:dist fine\nno label here\n');
    expect(() => loadDataset({ path: file, format: 'trec' })).toThrow(/bad.label:2: expected "LABEL:fine question"/);
  });
});

describe('superglue format', () => {
  it('keeps premise and hypothesis as fields, stripped, and the label as the class', () => {
    const file = write('val.jsonl', `${JSON.stringify({ premise: ' It rained. ', hypothesis: 'It was wet ', label: 'entailment', idx: 0 })}\n`);
    const [row] = loadDataset({ path: file, format: 'superglue' }, { labels: ['entailment', 'contradiction', 'neutral'] });
    expect(row).toMatchObject({ id: 'val.jsonl:1', label: 'entailment', fields: { premise: 'It rained.', hypothesis: 'It was wet', input: 'It rained.' } });
  });

  it('names the line of a row without a hypothesis', () => {
    const file = write('bad.jsonl', `${JSON.stringify({ premise: 'p', label: 'entailment' })}\n`);
    expect(() => loadDataset({ path: file, format: 'superglue' })).toThrow(/bad.jsonl:1: missing field "hypothesis"/);
  });
});
