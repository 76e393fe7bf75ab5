import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../src-main/paths.ts';

/**
 * Models as researchers bring them, through the real CLI: the layouts and dtypes `models synth`
 * writes load through `--model DIR --dtype`, `models info` describes them, and a bad model input
 * is one line on stderr (the other bad inputs are checked at the engine: model-inputs.test.ts).
 */

const run = promisify(execFile);
let root: string;
let home: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(appRoot, 'bin', 'promptscope.js'), ...args], {
      cwd: root,
      env: { ...process.env, PROMPTSCOPE_HOME: home, PROMPTSCOPE_DEBUG: '' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function expectOneLineError(args: string[], pattern: RegExp): Promise<void> {
  const result = await cli(...args);
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

const llama = () => path.join(root, 'llama-flat');
const qwen = () => path.join(root, 'qwen');

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-models-cli-'));
  home = path.join(root, 'home');
  const a = await cli('models', 'synth', '--arch', 'llama', '--dtype', 'fp32,q4', '--layout', 'optimum-flat', '--external-data', '--hidden', '32', '--out', llama(), '--json');
  expect(a.stderr).toBe('');
  const b = await cli('models', 'synth', '--arch', 'qwen2', '--dtype', 'fp16', '--hidden', '32', '--out', qwen());
  expect(b.code).toBe(0);
}, 60_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('layouts and dtypes', () => {
  it('registers a folder with the dtype it has (models add --dtype); every load of the name uses that graph', async () => {
    await expectOneLineError(['models', 'add', qwen(), '--name', 'qwen-any'], /fp32|fp16|dtype/);
    const added = await cli('models', 'add', qwen(), '--name', 'qwen16', '--dtype', 'fp16', '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'qwen16', dtype: 'fp16' });
    const byName = JSON.parse((await cli('next', '--model', 'qwen16', '--text', 'The movie was', '--top', '3', '--json')).stdout);
    const byFolder = JSON.parse((await cli('next', '--model', qwen(), '--dtype', 'fp16', '--text', 'The movie was', '--top', '3', '--json')).stdout);
    expect(byName.top).toEqual(byFolder.top);
    expect(JSON.parse((await cli('models', 'info', 'qwen16', '--json')).stdout).dtype).toBe('fp16');
  }, 60_000);

  it('an experiment file names the graph it runs on (dtype), and the run is stored with that graph', async () => {
    const spec = (dtype?: string) => {
      const file = path.join(root, `study-${dtype ?? 'default'}.json`);
      // Short texts: the synthetic model holds 128 positions.
      const rows = (texts: string[]) => texts.map((text, i) => JSON.stringify({ text, label: String(i % 2) })).join('\n');
      fs.writeFileSync(path.join(root, 'short-train.jsonl'), rows(['a dull film', 'a fine film', 'too long', 'a joy']));
      fs.writeFileSync(path.join(root, 'short-test.jsonl'), rows(['flat and slow', 'warm and funny', 'not good']));
      fs.writeFileSync(file, JSON.stringify({
        name: `dtype ${dtype ?? 'default'}`, model: llama(), ...(dtype ? { dtype } : {}),
        data: { train: { path: 'short-train.jsonl', format: 'jsonl' }, test: { path: 'short-test.jsonl', format: 'jsonl' } },
        task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels: { '0': ['Negative'], '1': ['Positive'] } },
        labelMode: 'full-sequence', shots: 1, seeds: [0], calibration: ['none'],
      }));
      return file;
    };
    const db = path.join(root, 'dtype.db');
    const q4 = await cli('run', spec('q4'), '--db', db, '--json');
    expect(q4.code, q4.stderr).toBe(0);
    const fp32 = await cli('run', spec(), '--db', db, '--json');
    expect(fp32.code, fp32.stderr).toBe(0);
    const infoQ4 = JSON.parse((await cli('models', 'info', llama(), '--dtype', 'q4', '--json')).stdout);
    expect(JSON.parse(q4.stdout).model.sha256).toBe(infoQ4.sha256);
    expect(JSON.parse(fp32.stdout).model.sha256).not.toBe(infoQ4.sha256);
    await expectOneLineError(['run', spec('q8')], /q8/);
  }, 120_000);

  it('loads Optimum\'s flat layout with external data, fp32 by default and q4 on request', async () => {
    expect(fs.existsSync(path.join(llama(), 'model.onnx_data'))).toBe(true);
    const fp32 = JSON.parse((await cli('next', '--model', llama(), '--text', 'The movie was', '--top', '3', '--json')).stdout);
    const q4 = JSON.parse((await cli('next', '--model', llama(), '--dtype', 'q4', '--text', 'The movie was', '--top', '3', '--json')).stdout);
    expect(fp32.tokens).toEqual(q4.tokens);
    expect(fp32.tokens[0]).toBe(1); // Llama's post-processor adds <s>
    expect(fp32.top[0].logprob).not.toBe(q4.top[0].logprob);
  });

  it('models info names family, parameters, size, dtype, layout, variants, provider and the chat template', async () => {
    const info = JSON.parse((await cli('models', 'info', llama(), '--dtype', 'q4', '--json')).stdout);
    expect(info).toMatchObject({ family: 'llama', kind: 'decoder', dtype: 'q4', layout: 'optimum-flat', onnxFile: 'model_q4.onnx', provider: 'cpu', nLayer: 2, nHead: 4, nKvHead: 2 });
    expect(info.variants.map((v: { dtype: string }) => v.dtype).sort()).toEqual(['fp32', 'q4']);
    const fp32 = JSON.parse((await cli('models', 'info', llama(), '--json')).stdout);
    expect(fp32.parameters).toBe(info.parameters);
    expect(fp32.externalData).toEqual(['model.onnx_data']);
    expect(fp32.bytes).toBeGreaterThan(info.bytes);
    const text = await cli('models', 'info', qwen(), '--dtype', 'fp16');
    expect(text.stdout).toMatch(/family +qwen2/);
    expect(text.stdout).toMatch(/chat template \(shown, never applied/);
    expect(text.stdout).toContain('<|im_start|>');
  });
});

describe('bad model input through the CLI', () => {
  it('a missing external-data file is one line naming the graph and the file', async () => {
    const dir = path.join(root, 'no-data');
    fs.cpSync(llama(), dir, { recursive: true });
    fs.rmSync(path.join(dir, 'model.onnx_data'));
    await expectOneLineError(['next', '--model', dir, '--text', 'hi'], /no-data[/\\]model\.onnx keeps weights in external data file model\.onnx_data, which is missing/);
  });
});
