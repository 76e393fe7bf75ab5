import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthGpt2 } from '../../src-main/engine/synth/gpt2.ts';
import { startServe, type Serve } from './serve-process.ts';

/**
 * File access by consent, against a real `promptscope serve --data-dir DATA`: a token holder
 * cannot read a file outside the folders the user named (by path, by `..`, through a symbolic
 * link, as a model folder or as a study's data), and no error quotes a file's text.
 */
const SECRET = 'SECRET-7f3a root:$6$saltsalt$hashhashhash:19000:0:99999:7:::';
let dir: string;
let data: string;
let outside: string;
let serve: Serve;

async function call(channel: string, body: unknown): Promise<{ status: number; text: string; json: { ok: boolean; error?: { code: string; message: string; detail?: string } } }> {
  const response = await fetch(`${serve.origin}/api/${channel}`, { method: 'POST', body: JSON.stringify(body), headers: { 'x-promptscope-token': serve.token } });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

function write(folder: string, name: string, content: string): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, content);
  return file;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-files-'));
  data = path.join(dir, 'data');
  outside = path.join(dir, 'private');
  fs.mkdirSync(data);
  fs.mkdirSync(outside);
  write(outside, 'id_ed25519', `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET}\n-----END OPENSSH PRIVATE KEY-----\n`);
  write(outside, 'shadow.sst2', `${SECRET}\n`);
  fs.symlinkSync(path.join(outside, 'id_ed25519'), path.join(data, 'innocent.sst2'));
  await synthGpt2({ outDir: path.join(outside, 'model'), layers: 1, hidden: 16, heads: 2, vocab: 300, ctx: 64, seed: 1 });
  serve = await startServe(path.join(dir, 'home'), ['--data-dir', data], { PROMPTSCOPE_TOKEN: 'env-token-0123456789abcdef' });
});

afterAll(async () => {
  await serve?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** One line, naming the path, quoting nothing of the file, with no stack. */
function expectRefusal(result: Awaited<ReturnType<typeof call>>, file: string): void {
  expect(result.status, result.text).toBe(403);
  expect(result.json.error?.code).toBe('FILE_ACCESS');
  expect(result.json.error?.message).toContain(path.resolve(file));
  expect(result.json.error?.message).toMatch(/serve --data-dir/);
  expect(result.json.error?.message.split('\n')).toHaveLength(1);
  expect(result.text).not.toContain('SECRET');
  expect(result.json.error?.detail).toBeUndefined();
}

describe('file access outside --data-dir', () => {
  it('refuses datasets.import of a private file by path, by .. and through a symbolic link', async () => {
    for (const file of [path.join(outside, 'id_ed25519'), path.join(data, '..', 'private', 'shadow.sst2')]) {
      expectRefusal(await call('datasets.import', { path: file, format: 'sst2' }), file);
    }
    const link = await call('datasets.import', { path: path.join(data, 'innocent.sst2'), format: 'sst2' });
    expect(link.status, link.text).toBe(403);
    expect(link.text).not.toContain('SECRET');
    expect((await call('datasets.list', {})).json).toMatchObject({ ok: true, value: [] });
  });

  it('refuses a model folder outside (models.add, models.info) and study data outside', async () => {
    const modelDir = path.join(outside, 'model');
    expectRefusal(await call('models.add', { dir: modelDir }), modelDir);
    expectRefusal(await call('models.info', { model: modelDir }), modelDir);
    const spec = {
      name: 'leak',
      model: 'default',
      data: { train: { path: path.join(outside, 'shadow.sst2'), format: 'sst2' }, test: { path: path.join(outside, 'shadow.sst2'), format: 'sst2' } },
      task: { template: '{{input}} {{label}}', labels: { '0': ['no'], '1': ['yes'] } },
      shots: 1,
      seeds: [0],
      orders: 'first',
      calibration: ['none'],
    };
    expectRefusal(await call('studies.validate', { spec }), path.join(outside, 'shadow.sst2'));
  });

  it('takes the token from PROMPTSCOPE_TOKEN, keeping it out of the process list', () => {
    expect(serve.token).toBe('env-token-0123456789abcdef');
    const cmdline = fs.readFileSync(`/proc/${serve.child.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('serve');
    expect(cmdline).not.toContain(serve.token);
  });
});

describe('errors never echo file content', () => {
  const cases: [string, string, string, RegExp][] = [
    ['no-space.sst2', 'sst2', `${SECRET.replace(/ /g, '')}\n`, /no-space\.sst2:1: expected "<label> <text>"$/],
    ['empty-text.sst2', 'sst2', `0 fine\n${SECRET.split(' ')[0]} \n`, /empty-text\.sst2:2: empty text after the label$/],
    ['bad.jsonl', 'jsonl', `{"text":"a","label":"0"}\n{${SECRET}\n`, /bad\.jsonl:2: invalid JSON$/],
    ['quote.csv', 'csv', `text,label\n"a"${SECRET},0\n`, /quote\.csv:2: /],
    ['header.csv', 'csv', `${SECRET},x\n1,2\n`, /header\.csv:1: no column "text" for the text \(the header has \d+ columns\)/],
    ['fields.tsv', 'tsv', `text\tlabel\n${SECRET}\n`, /fields\.tsv:2: /],
    ['empty-text.jsonl', 'jsonl', `{"label":"${SECRET}"}\n`, /empty-text\.jsonl:1: missing field "text"/],
  ];
  it.each(cases)('%s: names file and line only', async (name, format, content, message) => {
    const file = write(data, name, content);
    const result = await call('datasets.import', { path: file, format });
    expect(result.status, result.text).toBe(400);
    expect(result.json.error?.message).toMatch(message);
    expect(result.text).not.toContain('SECRET');
    expect(result.text).not.toContain('saltsalt');
  });

  it('an internal error sends one line to the page and the stack to the log file', async () => {
    const index = path.join(dir, 'home', 'datasets', 'index.json');
    fs.mkdirSync(path.dirname(index), { recursive: true });
    fs.writeFileSync(index, `${SECRET}\n`);
    const result = await call('datasets.list', {});
    expect(result.status).toBe(500);
    expect(result.json.error?.message).toMatch(/^datasets\.list: internal error \(details in .*errors\.log\)$/);
    expect(result.text).not.toContain('SECRET');
    expect(result.text).not.toMatch(/\bat .*\.ts:\d+/);
    expect(fs.readFileSync(path.join(dir, 'home', 'logs', 'errors.log'), 'utf8')).toMatch(/datasets\.list[\s\S]*at /);
    fs.rmSync(index);
  });
});
