import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeModel } from '../onnx/model-io.ts';
import { readFileSync } from 'node:fs';
import { synthEncoder } from './encoder.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'synth-enc-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const build = (family: 'bert' | 'albert', layers: number) =>
  synthEncoder({ family, outDir: join(root, `${family}-${layers}`), layers, hidden: 32, heads: 4, vocab: 500, ctx: 32 });

describe('synthEncoder', () => {
  it('ALBERT shares one layer of weights: depth adds computation, not parameters; BERT adds both', async () => {
    const [a2, a4, b2, b4] = [await build('albert', 2), await build('albert', 4), await build('bert', 2), await build('bert', 4)];
    expect(a4.parameters).toBe(a2.parameters);
    expect(b4.parameters).toBeGreaterThan(b2.parameters);
    const graph = decodeModel(readFileSync(join(root, 'albert-4', 'onnx', 'model.onnx'))).graph;
    expect(graph.node.filter((n) => n.opType === 'Softmax')).toHaveLength(4);
    const queries = graph.initializer.filter((t) => t.name.endsWith('attention.query.weight'));
    expect(queries.map((t) => t.name)).toEqual(['albert.encoder.albert_layer_groups.0.albert_layers.0.attention.query.weight']);
    // Factorized embedding: E-wide word embeddings mapped up to the hidden size.
    expect(graph.initializer.find((t) => t.name === 'albert.embeddings.word_embeddings.weight')?.dims.map(Number)).toEqual([500, 16]);
    expect(graph.initializer.find((t) => t.name === 'albert.encoder.embedding_hidden_mapping_in.weight')?.dims.map(Number)).toEqual([16, 32]);
  });

  it('names the first bad option', async () => {
    await expect(synthEncoder({ family: 'bert', outDir: join(root, 'bad'), hidden: 30, heads: 4 })).rejects.toThrow(/hidden \(30\) must be divisible by heads \(4\)/);
    await expect(synthEncoder({ family: 'bert', outDir: join(root, 'bad'), vocab: 10 })).rejects.toThrow(/vocab must be an integer >= 300/);
  });
});
