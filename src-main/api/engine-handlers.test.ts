import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttentionComputeResult, AttentionLayerResult } from '../../src-shared/api/attention.ts';
import type { EventChannel, EventChannels } from '../../src-shared/api/contract.ts';
import type { GenerateResult, NextResult, TokenizeResult } from '../../src-shared/api/tokens.ts';
import type { ApiResult } from '../../src-shared/api/result.ts';
import { synthGpt2 } from '../engine/synth/gpt2.ts';
import { createBackend, type Backend } from './backend.ts';
import { dispatch } from './dispatch.ts';

/**
 * The API wired to the real engine (engine child process, onnxruntime-node) on a tiny generated GPT-2:
 * registration, tokenization offsets, streamed generation, attention mass and layers.
 */
describe('engine-backed handlers', () => {
  let home: string;
  let backend: Backend;
  const events: { event: EventChannel; payload: unknown }[] = [];
  const ctx = { emit: <E extends EventChannel>(event: E, payload: EventChannels[E]) => void events.push({ event, payload }) };
  const call = <T>(channel: string, args: unknown) => dispatch(backend.handlers, channel, args, ctx) as Promise<ApiResult<T>>;

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-api-engine-'));
    await synthGpt2({ outDir: path.join(home, 'tiny'), layers: 2, hidden: 32, heads: 2, vocab: 4096, seed: 7 });
    backend = createBackend({ mode: 'browser', env: { PROMPTSCOPE_HOME: home }, defaultModelDir: path.join(home, 'no-default'), dataDirs: [home] });
    const added = await call('models.add', { dir: path.join(home, 'tiny'), name: 'tiny' });
    expect(added).toMatchObject({ ok: true, value: { ref: 'tiny', available: true } });
  });
  afterAll(async () => {
    await backend.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('lists the registered model as the default choice and describes it', async () => {
    expect(await call('models.list', {})).toMatchObject({ ok: true, value: { defaultRef: 'tiny', models: [{ ref: 'tiny', kind: 'registered' }] } });
    expect(await call('models.info', { model: 'tiny' })).toMatchObject({ ok: true, value: { ref: 'tiny', nLayer: 2, nHead: 2, provider: expect.any(String) } });
  });

  it('tokenizes with offsets that cover the text', async () => {
    const text = 'Review: fine.\nSentiment:';
    const result = await call<TokenizeResult>('tokenize', { model: 'tiny', text });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.count).toBe(result.value.pieces.length);
    expect(result.value.pieces.map((p) => text.slice(p.start, p.end)).join('')).toBe(text);
  });

  it('streams each generated token as an event, matching the final text', async () => {
    events.length = 0;
    const result = await call<GenerateResult>('generate', { model: 'tiny', prompt: 'Hello', maxNewTokens: 5, temperature: 0.8, topK: 20, seed: 3, streamId: 'g1' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const tokens = events.filter((e) => e.event === 'generate.token').map((e) => e.payload as { text?: string; done: boolean; streamId: string });
    expect(tokens.every((t) => t.streamId === 'g1')).toBe(true);
    expect(tokens.at(-1)?.done).toBe(true);
    expect(tokens.filter((t) => !t.done)).toHaveLength(result.value.tokenIds.length);
    expect(tokens.filter((t) => !t.done).map((t) => t.text).join('')).toBe(result.value.text);
    // The same seed gives the same text.
    const again = await call<GenerateResult>('generate', { model: 'tiny', prompt: 'Hello', maxNewTokens: 5, temperature: 0.8, topK: 20, seed: 3, streamId: 'g2' });
    expect(again.ok && again.value.text).toBe(result.value.text);
  });

  it('gives next-token log-probabilities best first', async () => {
    const result = await call<NextResult>('next', { model: 'tiny', text: 'Hello there', top: 5 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const logprobs = result.value.top.map((t) => t.logprob);
    expect(logprobs).toEqual([...logprobs].sort((a, b) => b - a));
    expect(logprobs.every((l) => l <= 0)).toBe(true);
  });

  it('computes attention, the mass of spans that tile the prompt, and serves each layer', async () => {
    const text = 'Review: good.\nSentiment: Positive\n\nReview: bad.\nSentiment:';
    const cut = text.indexOf('\n\n');
    const result = await call<AttentionComputeResult>('attention.compute', {
      model: 'tiny',
      text,
      spans: [
        { name: 'demo 1', kind: 'demonstration', start: 0, end: cut + 2 },
        { name: 'query', kind: 'query', start: cut + 2, end: text.length },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { attentionId, layers, heads, tokens, mass } = result.value;
    expect([layers, heads]).toEqual([2, 2]);
    // The two spans cover every token, so their masses add up to the whole last row: 1 per layer.
    for (let layer = 0; layer < layers; layer++) expect(mass[0].perLayer[layer] + mass[1].perLayer[layer]).toBeCloseTo(1, 4);
    const layer = await call<AttentionLayerResult>('attention.layer', { attentionId, layer: 1 });
    expect(layer.ok).toBe(true);
    if (!layer.ok) return;
    expect(layer.value.heads).toHaveLength(2);
    expect(layer.value.heads[0]).toBeInstanceOf(Float32Array);
    expect(layer.value.heads[0].length).toBe(tokens.length ** 2);
    const outOfRange = await call('attention.layer', { attentionId, layer: 2 });
    expect(outOfRange).toMatchObject({ ok: false, error: { message: expect.stringContaining('out of range') } });
  });

  it('answers an unknown model with the engine error, not an exception', async () => {
    const result = await call('next', { model: 'no-such-model', text: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'MODEL_REF', message: expect.stringContaining('no-such-model') } });
  });
});
