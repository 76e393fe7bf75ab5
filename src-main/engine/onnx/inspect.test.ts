import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthGpt2 } from '../synth/gpt2.ts';
import { inspectModel } from './inspect.ts';
import { exposeAttention } from './rewrite.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'inspect-'));
  await synthGpt2({ outDir: dir, layers: 1, hidden: 16, heads: 2, vocab: 300, ctx: 16, merged: true });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('inspectModel', () => {
  it('reads the I/O, opsets and op types of a decoder', async () => {
    const info = inspectModel(await readFile(join(dir, 'onnx', 'model.onnx')));
    expect(info.irVersion).toBe(8);
    expect(info.opsets).toEqual({ '': 17 });
    expect(info.inputs.map((i) => [i.name, i.type])).toEqual([
      ['input_ids', 'int64'], ['attention_mask', 'int64'], ['position_ids', 'int64'],
      ['past_key_values.0.key', 'float32'], ['past_key_values.0.value', 'float32'],
    ]);
    expect(info.inputs[3].dims).toEqual(['batch_size', 2, 'past_sequence_length', 8]);
    expect(info.outputs[0]).toEqual({ name: 'logits', type: 'float32', dims: ['batch_size', 'sequence_length', 300] });
    expect(info.opTypes).toContain('Softmax');
    expect(info.opTypes).toContain('LayerNormalization');
    expect(info.fusedAttention).toEqual([]);
    expect(info.externalData).toBe(false);
  });

  it('looks inside If branches and sees rewritten outputs', async () => {
    const merged = await readFile(join(dir, 'onnx', 'decoder_model_merged.onnx'));
    const info = inspectModel(merged);
    expect(info.inputs.at(-1)).toEqual({ name: 'use_cache_branch', type: 'bool', dims: [1] });
    expect(info.opTypes).toEqual(expect.arrayContaining(['If', 'Softmax', 'MatMul']));
    const rewritten = inspectModel(exposeAttention(merged).bytes);
    expect(rewritten.outputs.at(-1)).toEqual({ name: 'attentions.0', type: 'float32', dims: null });
  });

  it('names the file when the bytes are not a model', async () => {
    const truncated = (await readFile(join(dir, 'onnx', 'model.onnx'))).subarray(0, 1000);
    expect(() => inspectModel(truncated, 'onnx/model.onnx')).toThrow(/onnx\/model\.onnx is not a valid ONNX model/);
  });
});
