import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attention } from './attention.ts';
import { EngineFailure } from './engine-failure.ts';
import { hiddenStates } from './hidden-states.ts';
import { ModelSession } from './model-session.ts';
import { decodeModel, encodeModel } from './onnx/model-io.ts';
import { synthModel } from './synth/synth-model.ts';

/**
 * Every bad model input is refused with one line naming the file and the problem (and no session
 * is left behind): unknown family, config vs graph, missing dtype, tokenizer vs logits, an op the
 * runtime lacks, external data that is not there.
 */

let root: string;
const qwen = () => path.join(root, 'qwen');

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-inputs-'));
  await synthModel({ outDir: qwen(), arch: 'qwen2', dtypes: ['fp16'], hidden: 32, heads: 4, kvHeads: 2 });
  await synthModel({ outDir: path.join(root, 'llama'), arch: 'llama', layout: 'optimum-flat', externalData: true });
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const copy = (from: string, name: string) => {
  const dir = path.join(root, name);
  fs.cpSync(from, dir, { recursive: true });
  return dir;
};
const editJson = (file: string, edit: (j: Record<string, unknown>) => void) => {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(j);
  fs.writeFileSync(file, JSON.stringify(j));
};

async function refusal(dir: string, dtype?: string): Promise<EngineFailure> {
  try {
    const model = await ModelSession.load('m', 'x', dir, { provider: 'cpu', ...(dtype ? { dtype } : {}) });
    await model.dispose();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineFailure);
    expect((error as Error).message.split('\n')).toHaveLength(1);
    return error as EngineFailure;
  }
  throw new Error(`${dir} loaded but should have been refused`);
}

describe('a good one for contrast', () => {
  it('Optimum\'s flat layout with external data loads, and every rewritten graph finds its weights', async () => {
    const model = await ModelSession.load('ok', 'llama', path.join(root, 'llama'), { provider: 'cpu' });
    try {
      expect(model.info).toMatchObject({ layout: 'optimum-flat', dtype: 'fp32', onnxFile: 'model.onnx' });
      expect(model.folder.externalData).toEqual(['model.onnx_data']);
      const [last] = await model.forwardLast({ rows: [[1, 50, 60, 70]] });
      // The last-position graph really loaded (a failed rewrite would fall back to full logits).
      expect(await (model as unknown as { logits: { last(): Promise<unknown> } }).logits.last()).toBeDefined();
      const full = await model.forward({ rows: [[1, 50, 60, 70]] });
      expect(Array.from(last)).toEqual(Array.from(full.logits.subarray(3 * full.vocab, 4 * full.vocab)));
      expect((await attention(model, 'the film')).layers).toBe(2);
      expect((await hiddenStates(model, ['the film'], 'last')).hiddenSize).toBe(32);
    } finally {
      await model.dispose();
    }
  });
});

describe('bad model input: one line naming the file and the problem', () => {
  it('an unknown family', async () => {
    const dir = copy(qwen(), 'unknown-family');
    editJson(path.join(dir, 'config.json'), (j) => (j.model_type = 'mamba'));
    const error = await refusal(dir, 'fp16');
    expect(error.code).toBe('UNKNOWN_FAMILY');
    expect(error.message).toMatch(/unknown-family[/\\]config\.json: model_type "mamba" is not a family Promptscope knows \(known: .*llama/);
  });

  it('a config that disagrees with the graph on layers, heads or vocabulary, naming both numbers', async () => {
    const layers = copy(qwen(), 'bad-layers');
    editJson(path.join(layers, 'config.json'), (j) => (j.num_hidden_layers = 3));
    expect((await refusal(layers, 'fp16')).message).toMatch(/bad-layers[/\\]config\.json says layers 3 but .*model_fp16\.onnx has 2: config and graph do not belong together/);
    const heads = copy(qwen(), 'bad-heads');
    editJson(path.join(heads, 'config.json'), (j) => (j.num_key_value_heads = 1));
    expect((await refusal(heads, 'fp16')).message).toMatch(/says key\/value heads 1 but .*model_fp16\.onnx has 2/);
    const vocab = copy(qwen(), 'bad-vocab');
    editJson(path.join(vocab, 'config.json'), (j) => (j.vocab_size = 4096));
    expect((await refusal(vocab, 'fp16')).message).toMatch(/config\.json says vocab_size 4096 but the model's logits have 1024/);
  });

  it('a tokenizer whose vocabulary does not fit the logits', async () => {
    const dir = copy(qwen(), 'big-tokenizer');
    fs.copyFileSync(path.join(root, 'llama', 'tokenizer.json'), path.join(dir, 'tokenizer.json'));
    const error = await refusal(dir, 'fp16');
    expect(error.code).toBe('TOKENIZER_MISMATCH');
    expect(error.message).toMatch(/big-tokenizer[/\\]tokenizer\.json has \d{4} token ids but the model's logits have 1024/);
  });

  it('a dtype the folder lacks, and one transformers.js does not name', async () => {
    expect((await refusal(qwen())).message).toMatch(/has no fp32 graph .*it has dtype fp16: choose one with --dtype/);
    expect((await refusal(qwen(), 'int3')).message).toMatch(/dtype "int3" is not a dtype transformers\.js names/);
  });

  it('a missing external-data file', async () => {
    const dir = copy(path.join(root, 'llama'), 'no-data');
    fs.rmSync(path.join(dir, 'model.onnx_data'));
    expect((await refusal(dir)).message).toMatch(/no-data[/\\]model\.onnx keeps weights in external data file model\.onnx_data, which is missing from the folder/);
  });

  it('an op the runtime does not implement, named', async () => {
    const dir = copy(qwen(), 'fused-op');
    const file = path.join(dir, 'onnx', 'model_fp16.onnx');
    const model = decodeModel(fs.readFileSync(file));
    const node = model.graph.node.find((n) => n.opType === 'Softmax');
    if (!node) throw new Error('fixture has no Softmax');
    node.opType = 'PagedGroupAttention';
    node.domain = 'com.microsoft';
    model.opsetImport.push({ domain: 'com.microsoft', version: 1 });
    fs.writeFileSync(file, encodeModel(model));
    const error = await refusal(dir, 'fp16');
    expect(error.code).toBe('UNSUPPORTED_OP');
    expect(error.message).toMatch(/model_fp16\.onnx uses op com\.microsoft::PagedGroupAttention, which this onnxruntime-node \(1\.\d+\.\d+\) does not implement/);
  });

  it('an encoder folder is told apart from a decoder', async () => {
    const dir = copy(qwen(), 'encoder');
    editJson(path.join(dir, 'config.json'), (j) => Object.assign(j, { model_type: 'bert', num_hidden_layers: 2, num_attention_heads: 4, hidden_size: 32 }));
    expect((await refusal(dir, 'fp16')).message).toMatch(/model_type "bert" is an encoder model/);
  });
});
