/**
 * `synthEncoder`: writes a BERT, RoBERTa, ALBERT or DistilBERT fill-mask folder with random weights.
 *
 * The folder is what an Optimum `fill-mask` export holds: config.json, tokenizer.json,
 * tokenizer_config.json, special_tokens_map.json and the graph, either at onnx/model.onnx (the
 * layout transformers.js reads) or at model.onnx in the folder itself (Optimum's flat layout).
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeModelFile } from '../onnx/model-writer.ts';
import { encoderConfig, encoderSpecialTokensMap, encoderTokenizerConfig } from './encoder-config.ts';
import { buildEncoderModel } from './encoder-graph.ts';
import { resolveEncoderShape, type EncoderShape, type EncoderShapeOptions } from './encoder-shape.ts';
import { encoderTokenizerJson, specialIds } from './encoder-tokenizers.ts';
import { randomEncoderParams } from './encoder-weights.ts';

export interface EncoderSynthOptions extends EncoderShapeOptions {
  outDir: string;
  seed?: number;
  /** 'onnx' (default): onnx/model.onnx; 'flat': model.onnx beside config.json. */
  layout?: 'onnx' | 'flat';
}

export interface EncoderSynthResult {
  outDir: string;
  files: string[];
  shape: EncoderShape;
  parameters: number;
  modelBytes: number;
}

export async function synthEncoder(opts: EncoderSynthOptions): Promise<EncoderSynthResult> {
  const requested = resolveEncoderShape(opts);
  const seed = opts.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`synth: seed must be an integer, got ${seed}`);
  const tokenizer = encoderTokenizerJson(requested.family, requested.vocab);
  const model = tokenizer.model as { vocab: Record<string, number> | unknown[] };
  // The piece list can be shorter than asked for; the model is sized to the tokenizer.
  const vocab = Array.isArray(model.vocab) ? model.vocab.length : Object.keys(model.vocab).length;
  const shape: EncoderShape = { ...requested, vocab: Math.max(vocab, ...Object.values(specialIds(tokenizer)).map((id) => id + 1)) };
  const ids = specialIds(tokenizer);
  const params = randomEncoderParams(shape, seed);
  const onnxFile = (opts.layout ?? 'onnx') === 'flat' ? 'model.onnx' : 'onnx/model.onnx';
  await mkdir(join(opts.outDir, onnxFile.startsWith('onnx/') ? 'onnx' : ''), { recursive: true });
  const files: string[] = [];
  const json = async (name: string, value: unknown) => {
    await writeFile(join(opts.outDir, name), `${JSON.stringify(value, null, 2)}\n`);
    files.push(name);
  };
  const target = join(opts.outDir, onnxFile);
  const modelBytes = await writeModelFile(`${target}.partial`, buildEncoderModel(shape, params));
  await rename(`${target}.partial`, target);
  files.push(onnxFile);
  await json('config.json', encoderConfig(shape, ids));
  await json('tokenizer.json', tokenizer);
  await json('tokenizer_config.json', encoderTokenizerConfig(shape, ids));
  await json('special_tokens_map.json', encoderSpecialTokensMap(shape));
  return { outDir: opts.outDir, files, shape, parameters: params.reduce((n, p) => n + p.data.length, 0), modelBytes };
}
