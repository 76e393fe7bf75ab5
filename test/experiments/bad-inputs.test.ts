import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, dumpDatabase, tinyModel, writeStudyFile, type StudyFileOptions } from './study-fixtures.ts';

/**
 * Each bad input gets one line on stderr naming the problem, a non-zero exit, and leaves the
 * database exactly as it was (CONTRACT.md "Commands").
 */
let dir: string;
let model: string;
let smallCtxModel: string;
let dbFile: string;
let runId: string;
const env = () => ({ PROMPTSCOPE_HOME: path.join(dir, 'home') });
const small: Omit<StudyFileOptions, 'model'> = { shots: 1, seeds: [0], orders: 'first', sample: 4, calibration: ['none', 'contextual'] };

function data(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-bad-'));
  model = await tinyModel(dir);
  smallCtxModel = await tinyModel(dir, 64);
  dbFile = path.join(dir, 'study.db');
  const ok = await cli(['run', writeStudyFile(dir, 'ok', { model, ...small }), '--db', dbFile, '--json'], env());
  expect(ok.code, ok.stderr).toBe(0);
  runId = JSON.parse(ok.stdout).runId;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Case = [string, () => string[], RegExp];
const study = (name: string, o: Partial<StudyFileOptions>) => ['run', writeStudyFile(dir, name, { model, ...small, ...o })];

const cases: Case[] = [
  ['YAML syntax', () => ['run', data('broken.yaml', 'name: x\ntask: [unclosed\n')], /^promptscope: broken\.yaml:\d+: /],
  ['unknown field', () => study('typo', { extra: { seed: [0] } }), /^promptscope: typo\.json: unknown field seed$/],
  ['bad field value', () => study('badorders', { orders: 'some' }), /^promptscope: badorders\.json: orders: /],
  ['missing experiment file', () => ['run', path.join('no', 'such.yaml')], /such\.yaml: file not found/],
  ['missing data file', () => study('nodata', { test: { path: 'missing.sst2' } }), /missing\.sst2: file not found$/],
  ['malformed row', () => study('malformed', { test: { path: data('malformed.sst2', '1 good film\nno-label-here\n'), sample: 2 } }), /malformed\.sst2:2: expected "<label> <text>"/],
  ['unknown label', () => study('label', { test: { path: data('label.sst2', '1 good\n7 odd one\n'), sample: 2 } }), /label\.sst2:2: the label is not one of the experiment's labels \(0, 1\)/],
  ['empty file', () => study('empty', { test: { path: data('empty.sst2', '\n\n'), sample: 2 } }), /empty\.sst2: file is empty/],
  ['invalid UTF-8', () => study('latin1', { test: { path: data('latin1.sst2', Buffer.concat([Buffer.from('1 fine\n0 caf'), Buffer.from([0xe9]), Buffer.from('\n')])), sample: 2 } }), /latin1\.sst2:2: invalid UTF-8/],
  ['template without {{label}}', () => study('nolabel', { task: { template: 'Review: {{input}}\nSentiment:' } }), /nolabel\.json: task\.template: template has no \{\{label\}\} placeholder/],
  ['template field the data lacks', () => study('premise', { task: { template: 'Premise: {{premise}}\nAnswer: {{label}}' } }), /premise\.json: task\.template: template field \{\{premise\}\} is not a field of the data/],
  ['label word the tokenizer splits', () => study('split', { task: { labels: { '0': ['Negative'], '1': ['Xylophonic'] } } }), /split\.json: task\.labels\.1: label word " Xylophonic" is \d+ tokens for this tokenizer \(".+" \+ /],
  ['prompt over the context', () => study('overflow', { model: smallCtxModel, shots: 4 }), /overflow\.json: contextPolicy: seed 0, order 0: the prompt for .* is \d+ tokens, over the model's context of 64/],
  ['too many shots', () => study('shots', { shots: 3, test: { path: data('tiny-train.sst2', '1 a\n0 b\n'), sample: 2 }, train: { path: data('tiny-train2.sst2', '1 a\n0 b\n') } }), /shots\.json: shots: shots \(3\) exceed the 2 examples/],
  ['resume of an unknown run', () => ['run', '--resume', 'nope'], /^promptscope: run nope: no such run in this database$/],
  ['file and --resume together', () => ['run', 'x.yaml', '--resume', 'nope'], /^promptscope: run: give an experiment file or --resume RUN_ID \(not both\)$/],
  ['export of an unknown run', () => ['export', 'nope'], /^promptscope: run nope: no such run in this database$/],
];

describe('bad input', () => {
  it.each(cases)('%s: one line, non-zero exit, database unchanged', async (_name, args, message) => {
    const before = dumpDatabase(dbFile);
    const result = await cli([...args(), '--db', dbFile], env());
    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(result.stdout).toBe('');
    expect(dumpDatabase(dbFile)).toBe(before);
  });

  it('creates no database for a bad input when there was none', async () => {
    const fresh = path.join(dir, 'fresh.db');
    const result = await cli([...study('nolabel2', { task: { template: '{{input}}' } }), '--db', fresh], env());
    expect(result.code).not.toBe(0);
    expect(fs.existsSync(fresh)).toBe(false);
  });

  it('drops the oldest demonstrations instead with contextPolicy: drop-oldest', async () => {
    const file = writeStudyFile(dir, 'drop', { model: smallCtxModel, ...small, shots: 4, sample: 3, extra: { contextPolicy: 'drop-oldest' } });
    const result = await cli(['run', file, '--db', dbFile, '--json'], env());
    expect(result.code, result.stderr).toBe(0);
    const db = new BetterSqlite3(dbFile, { readonly: true });
    const dropped = db.prepare('SELECT dropped_demos FROM conditions WHERE run_id = ?').pluck().get(JSON.parse(result.stdout).runId) as number;
    const tokens = db.prepare('SELECT MAX(prompt_tokens) FROM predictions WHERE run_id = ?').pluck().get(JSON.parse(result.stdout).runId) as number;
    db.close();
    expect(dropped).toBeGreaterThan(0);
    expect(tokens).toBeLessThanOrEqual(64);
  });

  it('the database still holds the first run, untouched', () => {
    const db = new BetterSqlite3(dbFile, { readonly: true });
    expect(db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId)).toBe('done');
    db.close();
  });
});
