import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelSession } from './model-session.ts';
import { nextToken } from './next-token.ts';
import { int64Tensor } from './onnx/graph-builder.ts';
import { decodeModel, encodeModel, type OnnxNode } from './onnx/model-io.ts';
import { scoreNext } from './score-next.ts';
import { synthGpt2 } from './synth/gpt2.ts';

/**
 * One code path for decoders whose inputs differ: the engine reads the graph's inputs instead of
 * assuming GPT-2's. Llama/Qwen-style exports take no position_ids (the graph derives positions
 * from attention_mask); here a GPT-2 graph is rewritten into exactly that form and must give the
 * same results as the original.
 */

let root: string;
let gpt2: ModelSession;
let noPositions: ModelSession;

/** Replaces the position_ids input by cumsum(attention_mask) - 1 over the new positions, inside the graph. */
function derivePositionsInGraph(bytes: Uint8Array): Uint8Array {
  const model = decodeModel(bytes);
  const g = model.graph;
  g.input = g.input.filter((i) => i.name !== 'position_ids');
  g.initializer.push(int64Tensor('/pos/axis1', [], [1]), int64Tensor('/pos/one', [], [1]), int64Tensor('/pos/index1', [], [1]), int64Tensor('/pos/axes0', [1], [0]), int64Tensor('/pos/big', [1], [2 ** 62]), int64Tensor('/pos/axes1', [1], [1]));
  const node = (opType: string, input: string[], output: string, attribute: OnnxNode['attribute'] = []): OnnxNode => ({ opType, name: output, input, output: [output], attribute });
  g.node.unshift(
    node('CumSum', ['attention_mask', '/pos/axis1'], '/pos/cumsum'),
    node('Sub', ['/pos/cumsum', '/pos/one'], '/pos/all'),
    node('Shape', ['input_ids'], '/pos/shape'),
    node('Gather', ['/pos/shape', '/pos/index1'], '/pos/seq'),
    node('Neg', ['/pos/seq'], '/pos/negseq'),
    node('Unsqueeze', ['/pos/negseq', '/pos/axes0'], '/pos/start'),
    node('Slice', ['/pos/all', '/pos/start', '/pos/big', '/pos/axes1'], 'position_ids'),
  );
  return encodeModel(model);
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-io-'));
  const original = path.join(root, 'gpt2');
  await synthGpt2({ outDir: original, layers: 2, hidden: 32, heads: 4, vocab: 1024, seed: 5 });
  const derived = path.join(root, 'no-position-ids');
  fs.cpSync(original, derived, { recursive: true });
  const file = path.join(derived, 'onnx', 'model.onnx');
  fs.writeFileSync(file, derivePositionsInGraph(fs.readFileSync(file)));
  gpt2 = await ModelSession.load('a', 'gpt2', original, { provider: 'cpu' });
  noPositions = await ModelSession.load('b', 'no-position-ids', derived, { provider: 'cpu' });
});

afterAll(async () => {
  await gpt2?.dispose();
  await noPositions?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('decoder I/O read from the graph', () => {
  it('sees which inputs each export takes', () => {
    expect(gpt2.io).toMatchObject({ hasPositionIds: true, hasAttentionMask: true, hasUseCacheBranch: false, layers: 2, kvHeads: 4, headDim: 8 });
    expect(noPositions.io).toMatchObject({ hasPositionIds: false, hasAttentionMask: true, layers: 2, kvHeads: 4, headDim: 8 });
  });

  it('an export without position_ids gives the same next-token distribution and prefix-reuse scores', async () => {
    for (const text of ['a b c d', 'The quick brown fox jumps over the lazy dog.']) {
      const a = await nextToken(gpt2, text, 5);
      const b = await nextToken(noPositions, text, 5);
      expect(b.top.map((t) => t.id)).toEqual(a.top.map((t) => t.id));
      b.top.forEach((t, i) => expect(Math.abs(t.logprob - a.top[i].logprob)).toBeLessThan(1e-5));
    }
    const request = { prefixParts: ['Q: one\nA: 1\n\n', 'Q: two\nA: 2\n\n'], suffixes: ['Q: three\nA:', 'Q: four, five\nA:'], tokenIds: [16, 17, 18], batchSize: 2 };
    const a = await scoreNext(gpt2, { modelId: 'a', ...request, reuse: false });
    const b = await scoreNext(noPositions, { modelId: 'b', ...request });
    b.logprobs.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - a.logprobs[i][j])).toBeLessThan(1e-5)));
  });
});
