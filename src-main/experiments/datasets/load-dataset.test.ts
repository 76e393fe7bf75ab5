import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleDataFile } from '../../../test/support/sample-data.ts';
import { loadDataset } from './load-dataset.ts';
import { sampleRows } from './sample-rows.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-datasets-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

describe('loadDataset', () => {
  it('reads the SST-2 files with stable line ids, as zhao:data_utils.py does', () => {
    const rows = loadDataset({ path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2' }, { labels: ['0', '1'] });
    expect(rows).toHaveLength(6920);
    expect(rows[1]).toMatchObject({ id: 'stsa.binary.train:2', line: 2, label: '0', text: 'apparently reassembled from the cutting-room floor of any given daytime soap .' });
    expect(rows[1].fields.input).toBe(rows[1].text);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('reads CSV with a column mapping, quoted multi-line fields and every column as a field', () => {
    const file = write('news.csv', '\uFEFFClass Index,Title,Description\n3,"A, title","first line\nsecond line"\n4,Other,plain\n');
    const rows = loadDataset({ path: file, format: 'csv', columns: { text: 'Description', label: 'Class Index' } }, { labels: ['3', '4'] });
    expect(rows.map((r) => [r.id, r.label, r.text])).toEqual([
      ['news.csv:2', '3', 'first line\nsecond line'],
      ['news.csv:4', '4', 'plain'],
    ]);
    expect(rows[0].fields).toMatchObject({ Title: 'A, title', input: 'first line\nsecond line' });
  });

  it('reads the AG News CSV', () => {
    const rows = loadDataset({ path: sampleDataFile('agnews', 'test.csv'), format: 'csv', columns: { text: 'Description', label: 'Class Index' } });
    expect(rows).toHaveLength(7600);
    expect(rows[0].fields.Title).toBe('Fears for T N pension after talks');
  });

  it('reads TSV without treating quotes specially', () => {
    const file = write('pairs.tsv', 'premise\thypothesis\tlabel\nhe said "hi\tok\t1\nb\tc\t0\n');
    const rows = loadDataset({ path: file, format: 'tsv', columns: { text: 'premise' } });
    expect(rows.map((r) => [r.line, r.text, r.fields.hypothesis, r.label])).toEqual([
      [2, 'he said "hi', 'ok', '1'],
      [3, 'b', 'c', '0'],
    ]);
  });

  it('reads JSONL, stringifying scalar fields', () => {
    const file = write('d.jsonl', '{"text":"good","label":1,"extra":true}\n\n{"text":"bad","label":0}\n');
    const rows = loadDataset({ path: file, format: 'jsonl' }, { labels: ['0', '1'] });
    expect(rows.map((r) => [r.id, r.label, r.fields.extra])).toEqual([
      ['d.jsonl:1', '1', 'true'],
      ['d.jsonl:3', '0', undefined],
    ]);
  });

  it.each([
    ['empty.txt', '', 'sst2', /empty\.txt: file is empty/],
    ['header.csv', 'text,label\n', 'csv', /header\.csv: no examples/],
    ['bad.sst2', '1 good\nnolabel\n', 'sst2', /bad\.sst2:2: expected "<label> <text>"/],
    ['bad.jsonl', '{"text":"a","label":"1"}\n{"text": \n', 'jsonl', /bad\.jsonl:2: invalid JSON/],
    ['arr.jsonl', '[1,2]\n', 'jsonl', /arr\.jsonl:1: expected a JSON object/],
    ['nolabel.jsonl', '{"text":"a"}\n', 'jsonl', /nolabel\.jsonl:1: missing field "label"/],
    ['cols.csv', 'a,b\n1,2\n', 'csv', /cols\.csv:1: no column "text" for the text \(the header has 2 columns\)/],
    ['ragged.csv', 'text,label\nx,1\ny,1,extra\n', 'csv', /ragged\.csv:3: /],
    ['label.sst2', '1 good\n7 odd\n', 'sst2', /label\.sst2:2: the label is not one of the experiment's labels \(0, 1\)/],
  ])('rejects %s with file, line and reason', (name, content, format, message) => {
    const file = write(name, content);
    expect(() => loadDataset({ path: file, format: format as 'sst2' }, { labels: ['0', '1'], fileLabel: name })).toThrow(message);
  });

  it('names the line of invalid UTF-8 and rejects UTF-16', () => {
    const bad = write('latin1.sst2', Buffer.concat([Buffer.from('1 fine\n0 caf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]));
    expect(() => loadDataset({ path: bad, format: 'sst2' }, { fileLabel: 'latin1.sst2' })).toThrow(/latin1\.sst2:2: invalid UTF-8/);
    const utf16 = write('u16.sst2', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('1 a\n', 'utf16le')]));
    expect(() => loadDataset({ path: utf16, format: 'sst2' })).toThrow(/UTF-16/);
  });

  it('strips a UTF-8 BOM and reports a missing file', () => {
    const file = write('bom.sst2', '\uFEFF1 good\n');
    expect(loadDataset({ path: file, format: 'sst2' })[0].label).toBe('1');
    expect(() => loadDataset({ path: path.join(dir, 'nope'), format: 'sst2' })).toThrow(/nope: file not found/);
  });
});

describe('sampleRows', () => {
  const rows = Array.from({ length: 50 }, (_, i) => ({ id: `f:${i + 1}`, line: i + 1, text: `t${i}`, label: String(i % 2), fields: {} }));

  it('is a seeded draw without replacement', () => {
    const a = sampleRows(rows, 10, 3);
    expect(a).toHaveLength(10);
    expect(new Set(a.map((r) => r.id)).size).toBe(10);
    expect(sampleRows(rows, 10, 3)).toEqual(a);
    expect(sampleRows(rows, 10, 4).map((r) => r.id)).not.toEqual(a.map((r) => r.id));
  });

  it('gives the whole file when the sample is larger', () => {
    expect(sampleRows(rows, 500, 0)).toEqual(rows);
  });
});
