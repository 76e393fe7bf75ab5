import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthEncoder } from '../../src-main/engine/synth/encoder.ts';
import { synthGpt2 } from '../../src-main/engine/synth/gpt2.ts';
import { appRoot } from '../../src-main/paths.ts';

/**
 * The encoder commands through the real CLI: models synth for the encoder families, models info,
 * fill with several masks, mlm-probe, and one stderr line for each bad input.
 */
const run = promisify(execFile);
let root: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(appRoot, 'bin', 'promptscope.js'), ...args], { cwd: root, env: { ...process.env, PROMPTSCOPE_HOME: path.join(root, 'home') }, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function oneLineError(result: { code: number; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-encoder-cli-'));
  // One family through the CLI's builder; the rest in-process (each CLI start costs seconds on a busy machine).
  const made = await cli('models', 'synth', '--arch', 'roberta', '--out', path.join(root, 'roberta'), '--layers', '2', '--hidden', '32', '--heads', '4', '--vocab', '1000', '--ctx', '64', '--json');
  expect(made.code, made.stderr).toBe(0);
  expect(JSON.parse(made.stdout).shape).toMatchObject({ family: 'roberta', vocab: 1000, ctx: 64 });
  for (const family of ['bert', 'albert'] as const) await synthEncoder({ family, outDir: path.join(root, family), layers: 2, hidden: 32, heads: 4, vocab: 1000, ctx: 64 });
  await synthGpt2({ outDir: path.join(root, 'gpt2'), layers: 1, hidden: 16, heads: 2, vocab: 300, ctx: 32 });
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('encoder commands', () => {
  it('models info shows the family, the kind and the mask token', async () => {
    const albert = await cli('models', 'info', '--model', path.join(root, 'albert'));
    expect(albert.code, albert.stderr).toBe(0);
    expect(albert.stdout).toMatch(/albert \(encoder\)/);
    expect(albert.stdout).toMatch(/encoder {4}masked LM/);
    expect(albert.stdout).toMatch(/one shared set of weights/);
    expect(albert.stdout).toMatch(/mask token "\[MASK\]"/);
    expect(albert.stdout).toMatch(/token_type_ids fed/);
  }, 30_000);

  it('fill lists the top-k at every mask, [MASK] standing for RoBERTa\'s <mask>', async () => {
    const out = await cli('fill', '--model', path.join(root, 'roberta'), '--text', 'Paris is the [MASK] of [MASK].', '--top', '4', '--json');
    expect(out.code, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout);
    expect(result.maskToken).toBe('<mask>');
    expect(result.masks).toHaveLength(2);
    for (const mask of result.masks) {
      expect(mask.top).toHaveLength(4);
      expect(result.tokens[mask.position]).toBe('<mask>');
      for (let i = 1; i < 4; i++) expect(mask.top[i].prob).toBeLessThanOrEqual(mask.top[i - 1].prob);
    }
  }, 30_000);

  it('mlm-probe applies the seeded recipe and reports the accuracy it measured', async () => {
    const text = 'the acting is superb and the story is moving, a fine film for the whole family and for everyone else too.';
    const args = ['mlm-probe', '--model', path.join(root, 'bert'), '--text', text, '--seed', '4', '--json'];
    const a = await cli(...args);
    expect(a.code, a.stderr).toBe(0);
    const probe = JSON.parse(a.stdout);
    expect(probe.candidates).toBe(probe.tokens.length - 2);
    expect(probe.positions).toHaveLength(Math.round(0.15 * probe.candidates));
    for (const p of probe.positions) {
      expect(probe.input[p.position]).toBe(p.action === 'mask' ? '[MASK]' : p.fed.token);
      if (p.action === 'keep') expect(p.fed.id).toBe(p.original.id);
      expect(p.correct).toBe(p.top[0].id === p.original.id);
    }
    expect(probe.accuracy).toBe(probe.positions.filter((p: { correct: boolean }) => p.correct).length / probe.positions.length);
  }, 30_000);

  it('refuses bad input with one line each', async () => {
    oneLineError(await cli('fill', '--model', path.join(root, 'gpt2'), '--text', 'a [MASK] b'), /gpt2 decoder \(causal LM\) without a mask token: fill-mask needs an encoder/);
    oneLineError(await cli('fill', '--model', path.join(root, 'bert'), '--text', 'no mask here'), /the text has no mask token: write \[MASK\]/);
    // An encoder given to next/generate is refused in the engine (encoder-parity.test.ts), with the same one-line path.
  }, 60_000);
});
