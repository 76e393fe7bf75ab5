import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, listProviders, parseProvider, physicalCores, PROVIDER_TABLE, providerCandidates } from './runtime.ts';
import { synthGpt2 } from './synth/gpt2.ts';

let root: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-runtime-'));
  await synthGpt2({ outDir: root, layers: 1, hidden: 16, heads: 2, vocab: 300 });
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('execution providers', () => {
  it('has a frozen table with CPU as the last resort on every platform', () => {
    expect(Object.isFrozen(PROVIDER_TABLE)).toBe(true);
    expect(PROVIDER_TABLE.linux).toEqual(['cuda', 'cpu']);
    expect(PROVIDER_TABLE.win32).toEqual(['dml', 'cpu']);
    expect(PROVIDER_TABLE.darwin).toEqual(['coreml', 'cpu']);
    expect(providerCandidates('auto', 'freebsd')).toEqual(['cpu']);
    expect(providerCandidates('cuda', 'linux')).toEqual(['cuda', 'cpu']);
    expect(providerCandidates('cpu', 'win32')).toEqual(['cpu']);
  });

  it('refuses an unknown provider name with code PROVIDER', () => {
    expect(() => parseProvider('tpu')).toThrow(expect.objectContaining({ code: 'PROVIDER', message: expect.stringContaining('unknown execution provider "tpu"') }));
  });

  it('falls back to CPU, saying why, when the requested provider cannot load', async () => {
    const file = path.join(root, 'onnx', 'model.onnx');
    const cudaInstalled = listProviders().some((p) => p.name === 'cuda' && p.bundled);
    const created = await createSession(file, { provider: 'cuda', threads: 1 }, file);
    try {
      if (created.provider === 'cpu') expect(created.providerFallback).toMatch(/^cuda unavailable: /);
      else expect(cudaInstalled || created.provider === 'cuda').toBe(true);
      expect(created.session.inputNames).toContain('input_ids');
    } finally {
      await created.session.release();
    }
  });

  it('names the file when it is not an ONNX model', async () => {
    const bad = path.join(root, 'bad.onnx');
    fs.writeFileSync(bad, 'not a model at all, just some text '.repeat(4));
    await expect(createSession(bad, { provider: 'cpu' }, bad)).rejects.toMatchObject({ code: 'MODEL_FILE', message: expect.stringContaining(`${bad} could not be loaded as an ONNX model`) });
  });

  it('counts physical cores', () => {
    expect(physicalCores()).toBeGreaterThanOrEqual(1);
    expect(physicalCores()).toBeLessThanOrEqual(os.availableParallelism());
  });
});
