import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../src-shared/api/client.ts';
import { createBackend, type Backend } from '../../src-main/api/backend.ts';
import { dispatch } from '../../src-main/api/dispatch.ts';
import { main } from '../../src-main/cli/main.ts';
import { synthGpt2 } from '../../src-main/engine/synth/gpt2.ts';
import { sampleDataFile } from '../support/sample-data.ts';
import { badInputCases, type LooseSpec, type Workspace } from './bad-input-cases.ts';

/**
 * The bad-input table (bad-input-cases.ts) against one database holding a finished run: each case
 * answers exactly one line naming the problem, and the database file is byte-identical and passes
 * its integrity check afterwards. The CLI runs in process (its `main` returns the exit code) and
 * the API through one backend, so the table costs one engine for the stored run and one for the
 * API, not one per case.
 */
const noEvents: HandlerContext = { emit: () => {} };
let w: Workspace;
let backend: Backend;

function baseSpec(model: string): LooseSpec {
  return {
    name: 'table',
    model,
    data: {
      train: { path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2' },
      test: { path: sampleDataFile('sst2', 'stsa.binary.test'), format: 'sst2', sample: 4, seed: 0 },
    },
    task: { instruction: '', template: 'Review: {{input}}\nSentiment: {{label}}', separator: '\n\n', labels: { '0': ['Negative'], '1': ['Positive'] } },
    shots: 1,
    seeds: [0],
    orders: 'first',
    calibration: ['none', 'contextual'],
  };
}

/** The CLI in this process: exit code and what it wrote, with `env` set for the call. */
async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function fingerprint(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-table-'));
  const data = path.join(dir, 'data');
  const home = path.join(dir, 'home');
  fs.mkdirSync(data);
  fs.mkdirSync(path.join(dir, 'hidden-model'));
  fs.mkdirSync(path.join(dir, 'elsewhere'));
  const model = path.join(data, 'tiny');
  // GPT-2's tokenizer keeps " Negative" / " Positive" one token each; a context of 512 fits the one-shot study.
  await synthGpt2({ outDir: model, layers: 2, hidden: 32, heads: 4, vocab: 'gpt2', ctx: 512, seed: 1 });
  const db = path.join(dir, 'study.db');
  process.env.PROMPTSCOPE_HOME = home;
  const specFile = path.join(dir, 'ok.json');
  fs.writeFileSync(specFile, JSON.stringify(baseSpec(model)));
  const stored = await cli(['run', specFile, '--db', db, '--json']);
  expect(stored.code, stored.stderr).toBe(0);
  const newerDb = path.join(dir, 'newer.db');
  fs.copyFileSync(db, newerDb);
  const newer = new BetterSqlite3(newerDb);
  newer.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'later')").run();
  newer.close();
  let copies = 0;
  w = {
    dir,
    data,
    db,
    runId: JSON.parse(stored.stdout).runId,
    model,
    newerDb,
    file(name, content) {
      const file = path.resolve(data, name);
      fs.writeFileSync(file, content);
      return file;
    },
    spec(name, patch) {
      const spec = baseSpec(model);
      patch(spec);
      const file = path.join(data, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(spec));
      return file;
    },
    specObject(patch) {
      const spec = baseSpec(model);
      patch(spec);
      return spec;
    },
    modelCopy(name, change) {
      const copy = path.join(data, `model-${copies++}-${name}`);
      fs.mkdirSync(path.join(copy, 'onnx'), { recursive: true });
      for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) if (fs.existsSync(path.join(model, f))) fs.copyFileSync(path.join(model, f), path.join(copy, f));
      fs.symlinkSync(path.join(model, 'onnx', 'model.onnx'), path.join(copy, 'onnx', 'model.onnx'));
      change(copy);
      return copy;
    },
  };
  backend = createBackend({ mode: 'browser', env: { PROMPTSCOPE_HOME: home }, dataDirs: [data], dbPath: db });
});

afterAll(async () => {
  await backend?.dispose();
  if (w) fs.rmSync(w.dir, { recursive: true, force: true });
});

const cases = badInputCases(fs, path);

describe('the bad-input table', () => {
  it('has at least 150 distinct cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = fingerprint(w.db);
    if (c.kind === 'cli') {
      const argv = c.argv(w);
      const usesDb = ['run', 'runs', 'export'].includes(argv[0]) && !argv.includes('--db') && !c.env;
      const result = await cli(usesDb ? [...argv, '--db', w.db] : argv, c.env?.(w));
      expect(result.code, result.stderr).not.toBe(0);
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(c.expect);
      expect(result.stdout).toBe('');
    } else {
      const result = await dispatch(backend.handlers, c.channel, c.args(w), noEvents, backend.log);
      expect(result.ok, JSON.stringify(result)).toBe(false);
      if (result.ok) return;
      expect(result.error.message.split('\n'), result.error.message).toHaveLength(1);
      expect(result.error.message).toMatch(c.expect);
      // A detail may name the field; it never carries a stack.
      expect(result.error.detail ?? '').not.toMatch(/\n\s+at /);
    }
    expect(fingerprint(w.db)).toBe(before);
  });
});
