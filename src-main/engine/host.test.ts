import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from './host.ts';
import type { ModelInfo } from './protocol.ts';
import { synthGpt2 } from './synth/gpt2.ts';

/**
 * The engine behind its host: a real worker process, real onnxruntime-node, a generated model.
 */

let root: string;
let host: EngineHost;
let info: ModelInfo;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-host-'));
  await synthGpt2({ outDir: root, layers: 2, hidden: 32, heads: 4, vocab: 2048, seed: 11 });
  host = new EngineHost({ timeoutMs: 120_000 });
  info = await host.load(root, { provider: 'cpu' });
});

afterAll(async () => {
  await host?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('EngineHost', () => {
  it('loads once per folder and options, and describes the model', async () => {
    expect(info).toMatchObject({ nLayer: 2, nHead: 4, hiddenSize: 32, vocabSize: 2048, provider: 'cpu', attentionAvailable: true });
    const again = await host.load(root, { provider: 'cpu' });
    expect(again.modelId).toBe(info.modelId);
    const [a, b] = await Promise.all([host.load(root, { provider: 'cpu', threads: 1 }), host.load(root, { provider: 'cpu', threads: 1 })]);
    expect(a.modelId).toBe(b.modelId);
    expect(a.modelId).not.toBe(info.modelId);
    await host.unload(a.modelId);
    await expect(host.next(a.modelId, 'x', 1)).rejects.toMatchObject({ code: 'NO_MODEL' });
  });

  it('tokenizes with offsets and decodes back', async () => {
    const text = 'The cat sat.';
    const pieces = await host.tokenize(info.modelId, text);
    expect(pieces.map((p) => text.slice(p.start, p.end)).join('')).toBe(text);
    expect(await host.decode(info.modelId, pieces.map((p) => p.id))).toBe(text);
  });

  it('generates greedily with the KV cache exactly what repeated full next-token passes choose', async () => {
    const prompt = 'Once upon a time';
    const streamed: string[] = [];
    const text = await host.generate(info.modelId, prompt, { maxNewTokens: 8 }, (t) => streamed.push(t.text));
    expect(streamed.join('')).toBe(text);
    let context = prompt;
    let expected = '';
    for (let i = 0; i < streamed.length; i++) {
      const next = await host.next(info.modelId, context, 1);
      const ids = [...next.tokens, next.top[0].id];
      const decoded = await host.decode(info.modelId, ids);
      expected += decoded.slice(context.length);
      context = decoded;
    }
    expect(text).toBe(expected);
  });

  it('samples reproducibly with a seed', async () => {
    const options = { maxNewTokens: 12, temperature: 1, topK: 50, seed: 5 };
    const a = await host.generate(info.modelId, 'Hello', options, () => undefined);
    const b = await host.generate(info.modelId, 'Hello', options, () => undefined);
    const c = await host.generate(info.modelId, 'Hello', { ...options, seed: 6 }, () => undefined);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('returns attention rows that are causal probability distributions for every layer and head', async () => {
    const result = await host.attention(info.modelId, 'A short text for attention');
    const n = result.tokens.length;
    expect(result.layers).toBe(2);
    expect(result.heads).toBe(4);
    for (const layer of result.weights) {
      for (const matrix of layer) {
        expect(matrix.length).toBe(n * n);
        for (let q = 0; q < n; q++) {
          let sum = 0;
          for (let k = 0; k < n; k++) {
            const w = matrix[q * n + k];
            if (k > q) expect(w).toBe(0);
            expect(w).toBeGreaterThanOrEqual(0);
            sum += w;
          }
          expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
        }
      }
    }
  });

  it('pools final hidden states per text', async () => {
    const result = await host.hiddenStates({ modelId: info.modelId, texts: ['one text', 'another, longer text'], pooling: 'mean' });
    expect(result.hiddenSize).toBe(32);
    expect(result.vectors).toHaveLength(2);
    expect(result.vectors[0].every(Number.isFinite)).toBe(true);
    const last = await host.hiddenStates({ modelId: info.modelId, texts: ['one text'], pooling: 'last' });
    expect(Array.from(last.vectors[0])).not.toEqual(Array.from(result.vectors[0]));
  });

  it('answers bad requests with codes and one-line messages', async () => {
    await expect(host.load(path.join(root, 'missing'))).rejects.toMatchObject({ code: 'MODEL_REF' });
    await expect(host.load(root, { provider: 'tpu' as never })).rejects.toMatchObject({ code: 'PROVIDER' });
    await expect(host.next(info.modelId, 'word '.repeat(1100), 5)).rejects.toMatchObject({ code: 'CONTEXT_OVERFLOW', message: expect.stringMatching(/^prompt is \d+ tokens, more than the model's context of 1024 tokens$/) });
    await expect(host.next('nope', 'x', 1)).rejects.toMatchObject({ code: 'NO_MODEL' });
  });

  it('rejects pending requests when the worker is lost, then restarts it and reloads the model under the same id', async () => {
    const before = await host.next(info.modelId, 'restart me', 3);
    // A long generation against a short limit: the host gives up on it and restarts the worker.
    host.timeoutMs = 30;
    const results = await Promise.allSettled([
      host.generate(info.modelId, 'restart me', { maxNewTokens: 1000 }, () => undefined),
      host.next(info.modelId, 'and me', 3),
    ]);
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'));
    expect(codes).toContain('TIMEOUT');
    expect(codes.every((c) => c === 'TIMEOUT' || c === 'WORKER_CRASHED')).toBe(true);
    host.timeoutMs = 120_000;
    const after = await host.next(info.modelId, 'restart me', 3);
    expect(after).toEqual(before);
  });

  // Per-thread nice values are Linux's (elsewhere os.setPriority sets the process's class, and /proc is absent).
  it.runIf(process.platform === 'linux')('runs every thread of a worker asked for a lower priority at that priority, onnxruntime pool included (Linux)', async () => {
    const low = new EngineHost({ timeoutMs: 120_000, nice: 10 });
    try {
      const loaded = await low.load(root, { provider: 'cpu', threads: 2 });
      await low.next(loaded.modelId, 'the pool has run', 2);
      const pid = low.workerPid!;
      const threads = fs.readdirSync(`/proc/${pid}/task`).map(Number);
      expect(threads.length).toBeGreaterThan(2);
      const nice = threads.map((tid) => os.getPriority(tid));
      expect(nice.every((n) => n >= 10), `nice values of the worker's threads: ${nice.join(' ')}`).toBe(true);
      // The default host leaves its worker at the caller's priority.
      expect(os.getPriority(host.workerPid!)).toBe(os.getPriority(0));
    } finally {
      await low.dispose();
    }
  });
});
