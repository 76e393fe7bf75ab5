import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EngineFailure } from './engine-failure.ts';

/**
 * Reading and validating a model folder in the Hugging Face ONNX layout.
 *
 * The layout is the one Optimum and transformers.js use (see CONTRACT.md): config.json,
 * tokenizer.json, tokenizer_config.json and onnx/model{variant}.onnx, or the legacy
 * onnx/decoder_model_merged{variant}.onnx, with optional external data beside it. Everything here is
 * checked before a session is created, so the user gets one line naming the missing or broken file.
 */

export interface ModelConfig {
  modelType: string;
  vocabSize?: number;
  nLayer: number;
  nHead: number;
  /** Key/value heads (grouped-query attention); equals nHead for GPT-2. */
  nKvHead: number;
  hiddenSize: number;
  headDim: number;
  contextLength: number;
  bosTokenId?: number;
  eosTokenId?: number;
}

export interface ModelFolder {
  dir: string;
  config: ModelConfig;
  /** Parsed tokenizer.json and tokenizer_config.json ({} when the latter is absent). */
  tokenizerJson: object;
  tokenizerConfig: Record<string, unknown>;
  /** The ONNX graph, relative to dir (e.g. 'onnx/model.onnx'). */
  onnxFile: string;
  /** Files that make up the model, relative to dir, in hashing order. */
  files: string[];
}

/** Smallest plausible ONNX file: anything shorter cannot hold a graph. */
const MIN_ONNX_BYTES = 32;

export function readModelFolder(dir: string, variant = ''): ModelFolder {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    throw new EngineFailure('MODEL_FOLDER', `model folder ${abs} does not exist or is not a folder`);
  }
  const rawConfig = readJson(abs, 'config.json', true) as Record<string, unknown>;
  const tokenizerJson = readJson(abs, 'tokenizer.json', true, 'the tokenizer file, as Hugging Face tokenizers write it') as object;
  checkTokenizerShape(tokenizerJson, path.join(abs, 'tokenizer.json'));
  const tokenizerConfig = (readJson(abs, 'tokenizer_config.json', false) ?? {}) as Record<string, unknown>;
  const onnxFile = findOnnxFile(abs, variant);
  const onnxPath = path.join(abs, onnxFile);
  const size = fs.statSync(onnxPath).size;
  if (size < MIN_ONNX_BYTES) {
    throw new EngineFailure('MODEL_FILE', `${onnxPath} is ${size} bytes: truncated or not an ONNX model`);
  }
  const files = ['config.json', 'tokenizer.json'];
  if (fs.existsSync(path.join(abs, 'tokenizer_config.json'))) files.push('tokenizer_config.json');
  files.push(onnxFile, ...externalDataFiles(abs, onnxFile));
  return { dir: abs, config: parseConfig(rawConfig, path.join(abs, 'config.json')), tokenizerJson, tokenizerConfig, onnxFile, files };
}

function readJson(dir: string, name: string, required: boolean, what?: string): unknown {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    if (!required) return undefined;
    throw new EngineFailure('MODEL_FOLDER', `${dir} has no ${name}${what ? ` (${what})` : ''}`);
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EngineFailure('MODEL_FOLDER', `${file} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * The parts of tokenizer.json every Hugging Face tokenizer has, checked before the library sees it:
 * its own errors ("Tokenizer must contain a \"model\" property", "Cannot convert undefined to a
 * BigInt") name neither the file nor the field.
 */
function checkTokenizerShape(json: unknown, file: string): void {
  const fail = (problem: string) => {
    throw new EngineFailure('MODEL_FOLDER', `${file}: ${problem}; not a tokenizer.json as Hugging Face tokenizers write it`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('expected a JSON object');
  const model = (json as { model?: unknown }).model;
  if (typeof model !== 'object' || model === null) fail('no "model" object');
  const { vocab, type } = model as { vocab?: unknown; type?: unknown };
  if (type !== undefined && typeof type !== 'string') fail('model.type is not a string');
  if (typeof vocab !== 'object' || vocab === null) fail('model.vocab is missing');
  const entries = Array.isArray(vocab) ? vocab.map((v: unknown) => (Array.isArray(v) ? v[1] : v)) : Object.values(vocab as Record<string, unknown>);
  if (type !== 'Unigram' && entries.some((id) => typeof id !== 'number' || !Number.isInteger(id) || id < 0)) fail('model.vocab has an entry whose id is not a whole number');
  if (entries.length === 0) fail('model.vocab is empty');
  const added = (json as { added_tokens?: unknown }).added_tokens;
  if (added !== undefined && (!Array.isArray(added) || added.some((t) => typeof t !== 'object' || t === null || !Number.isInteger((t as { id?: unknown }).id)))) {
    fail('added_tokens has an entry without a whole-number id');
  }
}

/** onnx/model{variant}.onnx first (current Optimum), then the legacy merged decoder. */
function findOnnxFile(dir: string, variant: string): string {
  const candidates = [`onnx/model${variant}.onnx`, `onnx/decoder_model_merged${variant}.onnx`];
  for (const candidate of candidates) {
    if (fs.existsSync(path.join(dir, candidate))) return candidate;
  }
  const present = fs.existsSync(path.join(dir, 'onnx')) ? fs.readdirSync(path.join(dir, 'onnx')).filter((f) => f.endsWith('.onnx')) : [];
  const found = present.length > 0 ? `; onnx/ holds ${present.join(', ')}` : '';
  throw new EngineFailure('MODEL_FOLDER', `${dir} has no ${candidates.join(' or ')}${found}`);
}

/** External tensor data beside the graph: model.onnx_data, model.onnx.data, model.onnx_data_1, ... */
function externalDataFiles(dir: string, onnxFile: string): string[] {
  const base = path.basename(onnxFile);
  const folder = path.dirname(onnxFile);
  return fs
    .readdirSync(path.join(dir, folder))
    .filter((f) => f !== base && (f.startsWith(`${base}_data`) || f.startsWith(`${base}.data`)))
    .sort()
    .map((f) => `${folder}/${f}`);
}

/** Larger than any context or width a real model has: a value past it is garbage, not a model. */
const MAX_SIZE = 1 << 24;

/**
 * The first of `keys` present in the config, which must be a positive whole number: a present but
 * unusable value (a string, 0, -1, 1.5, 1e12) is an error naming the file and field, never skipped
 * for a default, which would run a different model than the file describes.
 */
function num(raw: Record<string, unknown>, keys: string[], file: string): number | undefined {
  for (const key of keys) {
    if (!(key in raw) || raw[key] === null) continue;
    const value = raw[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > MAX_SIZE) {
      throw new EngineFailure('MODEL_FOLDER', `${file}: ${key} is ${JSON.stringify(value)}; expected a whole number from 1 to ${MAX_SIZE}`);
    }
    return value;
  }
  return undefined;
}

/** Reads GPT-2 names (n_layer, n_embd, ...) and Llama/Qwen names (num_hidden_layers, ...) alike. */
export function parseConfig(raw: Record<string, unknown>, file: string): ModelConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new EngineFailure('MODEL_FOLDER', `${file}: expected a JSON object of model settings`);
  const need = (keys: string[]): number => {
    const value = num(raw, keys, file);
    if (value === undefined) throw new EngineFailure('MODEL_FOLDER', `${file} lacks ${keys.join(' / ')}`);
    return value;
  };
  const nLayer = need(['n_layer', 'num_hidden_layers', 'num_layers']);
  const nHead = need(['n_head', 'num_attention_heads']);
  const hiddenSize = need(['n_embd', 'hidden_size', 'd_model']);
  const firstId = (value: unknown): number | undefined => (Array.isArray(value) ? value[0] : typeof value === 'number' ? value : undefined);
  const headDim = num(raw, ['head_dim'], file);
  if (headDim === undefined && hiddenSize % nHead !== 0) throw new EngineFailure('MODEL_FOLDER', `${file}: the hidden size ${hiddenSize} is not a multiple of the ${nHead} heads`);
  const nKvHead = num(raw, ['num_key_value_heads', 'n_head_kv'], file) ?? nHead;
  if (nHead % nKvHead !== 0) throw new EngineFailure('MODEL_FOLDER', `${file}: ${nHead} attention heads cannot share ${nKvHead} key/value heads`);
  return {
    modelType: typeof raw.model_type === 'string' ? raw.model_type : 'unknown',
    vocabSize: num(raw, ['vocab_size'], file),
    nLayer,
    nHead,
    nKvHead,
    hiddenSize,
    headDim: headDim ?? hiddenSize / nHead,
    contextLength: num(raw, ['n_positions', 'max_position_embeddings', 'n_ctx', 'seq_length'], file) ?? 1024,
    bosTokenId: firstId(raw.bos_token_id),
    eosTokenId: firstId(raw.eos_token_id),
  };
}

/**
 * SHA-256 over the model's files, streamed so a multi-GB model never sits in memory.
 *
 * Each file's relative path goes into the hash before its bytes, so renaming a file changes it.
 */
export async function hashModelFiles(dir: string, files: string[]): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    for await (const chunk of fs.createReadStream(path.join(dir, file))) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
