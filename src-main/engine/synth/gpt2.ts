/**
 * `synthGpt2`: writes a GPT-2-architecture model folder with random weights in the Hugging Face ONNX layout.
 *
 * Tests, benchmarks and `promptscope models synth` use it to get real, loadable models of any size
 * without downloads. The folder is what Optimum / transformers.js conversions hold:
 * config.json, generation_config.json, tokenizer.json, tokenizer_config.json,
 * special_tokens_map.json and onnx/model.onnx (plus onnx/decoder_model_merged.onnx on request).
 * Weights are fp32 in one protobuf file; external data (needed past 2 GiB) is not written.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeModelFile } from '../onnx/model-writer.ts';
import { buildGpt2Model, type Gpt2Variant } from './gpt2-graph.ts';
import { gpt2Config, gpt2GenerationConfig, gpt2SpecialTokensMap, gpt2TokenizerConfig } from './gpt2-config.ts';
import { GPT2_VOCAB_SIZE, gpt2TokenizerJson } from './gpt2-tokenizer.ts';
import { randomGpt2Params, type Gpt2Shape, type Param } from './gpt2-weights.ts';

export interface SynthOptions {
  outDir: string;
  /** Transformer blocks (n_layer); default 2. */
  layers?: number;
  /** Width (n_embd); default 64. */
  hidden?: number;
  /** Attention heads (n_head); must divide hidden; default 4. */
  heads?: number;
  /** Vocabulary size (257..50257) or 'gpt2' for GPT-2's real 50,257-token tokenizer (default). */
  vocab?: number | 'gpt2';
  /** Context length (n_positions); default 1024. */
  ctx?: number;
  /** Seed of the random weights; default 0. */
  seed?: number;
  /** Also write the legacy onnx/decoder_model_merged.onnx (If on use_cache_branch). */
  merged?: boolean;
}

export interface SynthResult {
  outDir: string;
  /** Paths written, relative to outDir. */
  files: string[];
  shape: Gpt2Shape;
  parameters: number;
  /** Size of onnx/model.onnx. */
  modelBytes: number;
}

/** Protobuf's hard limit on one message; past it a model needs external data. */
const PROTOBUF_LIMIT_BYTES = 2 ** 31 - 1;

function positiveInt(field: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new Error(`synth: ${field} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** Resolves defaults and checks every option, naming the first bad one. */
export function resolveGpt2Shape(opts: Omit<SynthOptions, 'outDir'>): Gpt2Shape {
  const shape: Gpt2Shape = {
    layers: positiveInt('layers', opts.layers ?? 2),
    hidden: positiveInt('hidden', opts.hidden ?? 64),
    heads: positiveInt('heads', opts.heads ?? 4),
    vocab: opts.vocab === undefined || opts.vocab === 'gpt2' ? GPT2_VOCAB_SIZE : positiveInt('vocab', opts.vocab, 257),
    ctx: positiveInt('ctx', opts.ctx ?? 1024),
  };
  if (shape.hidden % shape.heads !== 0) throw new Error(`synth: hidden (${shape.hidden}) must be divisible by heads (${shape.heads})`);
  if (shape.vocab > GPT2_VOCAB_SIZE) throw new Error(`synth: vocab must be at most ${GPT2_VOCAB_SIZE} (GPT-2's), got ${shape.vocab}`);
  return shape;
}

async function writeModel(path: string, shape: Gpt2Shape, params: Param[], variant: Gpt2Variant): Promise<number> {
  const temp = `${path}.partial`;
  const bytes = await writeModelFile(temp, buildGpt2Model(shape, params, variant));
  await rename(temp, path);
  return bytes;
}

/** Builds and writes the folder; resolves when every file is on disk. */
export async function synthGpt2(opts: SynthOptions): Promise<SynthResult> {
  const shape = resolveGpt2Shape(opts);
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`synth: seed must be an integer, got ${seed}`);
  const params = randomGpt2Params(shape, seed);
  const weightBytes = params.reduce((sum, p) => sum + p.data.byteLength, 0);
  if (weightBytes > PROTOBUF_LIMIT_BYTES - 2 ** 20) {
    throw new Error(`synth: ${weightBytes} bytes of weights exceed protobuf's 2 GiB limit; external data is not supported, choose a smaller shape`);
  }
  await mkdir(join(opts.outDir, 'onnx'), { recursive: true });
  const files: string[] = [];
  const json = async (name: string, value: unknown) => {
    await writeFile(join(opts.outDir, name), `${JSON.stringify(value, null, 2)}\n`);
    files.push(name);
  };
  const modelBytes = await writeModel(join(opts.outDir, 'onnx', 'model.onnx'), shape, params, 'model');
  files.push('onnx/model.onnx');
  if (opts.merged) {
    await writeModel(join(opts.outDir, 'onnx', 'decoder_model_merged.onnx'), shape, params, 'merged');
    files.push('onnx/decoder_model_merged.onnx');
  }
  await json('config.json', gpt2Config(shape));
  await json('generation_config.json', gpt2GenerationConfig(shape));
  await json('tokenizer.json', gpt2TokenizerJson(shape.vocab));
  await json('tokenizer_config.json', gpt2TokenizerConfig(shape));
  await json('special_tokens_map.json', gpt2SpecialTokensMap());
  const parameters = params.reduce((sum, p) => sum + p.data.length, 0);
  return { outDir: opts.outDir, files, shape, parameters, modelBytes };
}
