import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../../src-main/paths.ts';

/**
 * The engine commands through the real CLI (`node bin/promptscope.js`), as a user runs them:
 * results on stdout, one line on stderr and a non-zero exit for every bad input.
 */

const run = promisify(execFile);
let root: string;
let home: string;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(appRoot, 'bin', 'promptscope.js'), ...args], {
      cwd: root,
      env: { ...process.env, PROMPTSCOPE_HOME: home, PROMPTSCOPE_DEBUG: '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** One clear line on stderr, a non-zero exit, nothing on stdout. */
function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  // Our errors start "promptscope:", commander's option errors "error:".
  expect(lines[0]).toMatch(/^(promptscope|error): /);
  expect(lines[0]).toMatch(pattern);
}

const model = () => path.join(root, 'tiny');

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-cli-'));
  home = path.join(root, 'home');
  const synth = await cli('models', 'synth', '--arch', 'gpt2', '--layers', '2', '--hidden', '64', '--heads', '4', '--out', model(), '--json');
  expect(synth.stderr).toBe('');
  expect(synth.code).toBe(0);
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('engine commands', () => {
  it('next --json matches transformers.js within 1e-4 on the synthesized folder', async () => {
    env.allowRemoteModels = false;
    env.localModelPath = `${root}${path.sep}`;
    const tokenizer = await AutoTokenizer.from_pretrained('tiny');
    const reference = await AutoModelForCausalLM.from_pretrained('tiny', { dtype: 'fp32', device: 'cpu' });
    for (const text of ['Hello world, this is a test', 'Ünïcödé ✓ and 🚀']) {
      const result = await cli('next', '--model', model(), '--text', text, '--top', '10', '--json');
      expect(result.code).toBe(0);
      const ours = JSON.parse(result.stdout) as { tokens: number[]; top: { id: number; token: string; logprob: number }[] };
      expect(ours.top).toHaveLength(10);
      const out = await reference(tokenizer(text));
      const [, seq, vocab] = out.logits.dims as number[];
      const last = (out.logits.data as Float32Array).subarray((seq - 1) * vocab, seq * vocab);
      let max = -Infinity;
      for (const v of last) max = Math.max(max, v);
      let sum = 0;
      for (const v of last) sum += Math.exp(v - max);
      const lse = max + Math.log(sum);
      for (const entry of ours.top) expect(Math.abs(entry.logprob - (last[entry.id] - lse))).toBeLessThan(1e-4);
    }
  });

  it('score, generate and attention print what the contract says', async () => {
    const score = await cli('score', '--model', model(), '--prompt', 'Review: great\nSentiment:', '--labels', 'Positive,Negative', '--json');
    expect(score.code).toBe(0);
    const labels = JSON.parse(score.stdout).labels as { label: string; tokenIds: number[]; logprob: number }[];
    expect(labels.map((l) => l.label)).toEqual(['Positive', 'Negative']);
    for (const l of labels) expect(l.logprob).toBeLessThan(0);

    const generated = await cli('generate', '--model', model(), '--prompt', 'Once', '--max-new-tokens', '5', '--seed', '1', '--temperature', '0.7');
    expect(generated.code).toBe(0);
    expect(generated.stdout.trim().length).toBeGreaterThan(0);

    const attention = await cli('attention', '--model', model(), '--text', 'one two three', '--json');
    expect(attention.code).toBe(0);
    const parsed = JSON.parse(attention.stdout) as { tokens: string[]; layers: number; heads: number; weights: number[][][][] };
    expect(parsed.layers).toBe(2);
    expect(parsed.heads).toBe(4);
    const n = parsed.tokens.length;
    for (const row of parsed.weights[1][3]) expect(row).toHaveLength(n);
    parsed.weights[0][0].forEach((row, q) => {
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
      row.forEach((w, k) => k > q && expect(w).toBe(0));
    });
  });

  it('models add registers a folder that --model then finds by name, and models list shows it', async () => {
    const added = await cli('models', 'add', model(), '--name', 'tiny-gpt2');
    expect(added.code).toBe(0);
    const list = JSON.parse((await cli('models', 'list', '--json')).stdout) as { models: { name: string; dir: string }[] };
    expect(list.models.map((m) => m.name)).toEqual(['default', 'tiny-gpt2']);
    const byName = await cli('next', '--model', 'tiny-gpt2', '--text', 'Hi', '--top', '1', '--json');
    const byDir = await cli('next', '--model', model(), '--text', 'Hi', '--top', '1', '--json');
    expect(byName.code).toBe(0);
    expect(byName.stdout).toBe(byDir.stdout);
  });

  it('every command has --help', async () => {
    const commands = [['models', 'list'], ['models', 'add'], ['models', 'synth'], ['next'], ['score'], ['generate'], ['attention']];
    const helps = await Promise.all(commands.map((command) => cli(...command, '--help')));
    helps.forEach((help, i) => {
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: promptscope ${commands[i].join(' ')}`);
    });
  });
});

describe('bad input: one line on stderr, non-zero exit', () => {
  function copyModel(name: string): string {
    const dir = path.join(root, name);
    fs.cpSync(model(), dir, { recursive: true });
    return dir;
  }

  it('a folder without tokenizer.json', async () => {
    const dir = copyModel('no-tokenizer');
    fs.rmSync(path.join(dir, 'tokenizer.json'));
    expectOneLineError(await cli('next', '--model', dir, '--text', 'hi'), /no-tokenizer has no tokenizer\.json/);
    expectOneLineError(await cli('models', 'add', dir), /tokenizer\.json/);
    expect(fs.existsSync(path.join(home, 'registry.json')) && fs.readFileSync(path.join(home, 'registry.json'), 'utf8')).not.toContain('no-tokenizer');
  });

  it('a truncated model.onnx and a model.onnx that is not ONNX', async () => {
    const truncated = copyModel('truncated');
    const file = path.join(truncated, 'onnx', 'model.onnx');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    expectOneLineError(await cli('next', '--model', truncated, '--text', 'hi'), /truncated[/\\]onnx[/\\]model\.onnx could not be loaded as an ONNX model/);
    const text = copyModel('not-onnx');
    fs.writeFileSync(path.join(text, 'onnx', 'model.onnx'), 'this is a text file, not a protobuf model\n'.repeat(20));
    expectOneLineError(await cli('next', '--model', text, '--text', 'hi'), /not-onnx[/\\]onnx[/\\]model\.onnx could not be loaded as an ONNX model/);
  });

  it('a tokenizer whose vocabulary does not match the logits', async () => {
    const small = path.join(root, 'small-vocab');
    expect((await cli('models', 'synth', '--arch', 'gpt2', '--layers', '1', '--hidden', '16', '--heads', '2', '--vocab', '300', '--out', small)).code).toBe(0);
    fs.copyFileSync(path.join(model(), 'tokenizer.json'), path.join(small, 'tokenizer.json'));
    expectOneLineError(await cli('next', '--model', small, '--text', 'hi'), /tokenizer\.json has 50257 token ids but the model's logits have 300/);
  });

  it('a prompt longer than the context', async () => {
    const short = path.join(root, 'short-ctx');
    expect((await cli('models', 'synth', '--arch', 'gpt2', '--layers', '1', '--hidden', '16', '--heads', '2', '--ctx', '16', '--out', short)).code).toBe(0);
    const text = 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen';
    expectOneLineError(await cli('next', '--model', short, '--text', text), /prompt is 17 tokens, more than the model's context of 16 tokens/);
    expectOneLineError(await cli('generate', '--model', short, '--prompt', text, '--max-new-tokens', '3'), /context of 16 tokens/);
  });

  it('an unknown execution provider, an unknown model and a bad option value', async () => {
    expectOneLineError(await cli('next', '--model', model(), '--text', 'hi', '--provider', 'tpu'), /unknown execution provider "tpu"/);
    expectOneLineError(await cli('next', '--model', 'no-such-model', '--text', 'hi'), /unknown model "no-such-model"/);
    expectOneLineError(await cli('next', '--model', model(), '--text', 'hi', '--top', 'many'), /--top/);
    expectOneLineError(await cli('models', 'synth', '--arch', 'mamba', '--out', path.join(root, 'x')), /unsupported --arch "mamba"/);
  });
});
