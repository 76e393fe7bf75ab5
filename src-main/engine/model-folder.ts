import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EngineFailure } from './engine-failure.ts';
import { parseConfig, type ModelConfig, type ModelKind } from './model-families.ts';
import { DTYPE_SUFFIX, dtypeOfVariant, pickVariant, resolveDtype, type LayoutName } from './model-layout.ts';
import { externalReferences } from './onnx/external-data.ts';
import { OnnxError } from './onnx/model-io.ts';

export { parseConfig, type ModelConfig } from './model-families.ts';

/**
 * Reading and validating a model folder in the Hugging Face ONNX layout.
 *
 * The layouts are the ones Optimum and transformers.js write (see docs/CONTRACT.md and
 * model-layout.ts): config.json, tokenizer.json, tokenizer_config.json and a graph in
 * onnx/model{suffix}.onnx, Optimum's flat model{suffix}.onnx, or the legacy
 * decoder_model_merged{suffix}.onnx, with optional external data beside it. Everything here is
 * checked before a session is created, so the user gets one line naming the missing or broken file.
 */

export interface ModelFolder {
  dir: string;
  config: ModelConfig;
  /** Decoder or encoder: which engine path runs it (from config.json's model_type). */
  kind: ModelKind;
  /** Parsed tokenizer.json and tokenizer_config.json ({} when the latter is absent). */
  tokenizerJson: object;
  tokenizerConfig: Record<string, unknown>;
  /** The ONNX graph, relative to dir (e.g. 'onnx/model.onnx'). */
  onnxFile: string;
  /** transformers.js dtype of that graph (fp32, fp16, q8, q4, q4f16, ...). */
  dtype: string;
  layout: LayoutName;
  /** External data files of the graph, relative to dir. */
  externalData: string[];
  /** Files that make up the model, relative to dir, in hashing order. */
  files: string[];
}

export interface FolderRequest {
  /** transformers.js dtype name; default: config's transformers.js_config.dtype, else fp32. */
  dtype?: string;
  /** A raw file suffix ('_fp16'), the older way to ask for a dtype. */
  variant?: string;
}

/** Smallest plausible ONNX file: anything shorter cannot hold a graph. */
const MIN_ONNX_BYTES = 32;

export function readModelFolder(dir: string, request: FolderRequest | string = {}): ModelFolder {
  const req: FolderRequest = typeof request === 'string' ? { variant: request } : request;
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) {
    throw new EngineFailure('MODEL_FOLDER', `model folder ${abs} does not exist or is not a folder`);
  }
  const configFile = path.join(abs, 'config.json');
  const rawConfig = readJson(abs, 'config.json', true) as Record<string, unknown>;
  const config = parseConfig(rawConfig, configFile);
  const tokenizerJson = readJson(abs, 'tokenizer.json', true, 'the tokenizer file, as Hugging Face tokenizers write it') as object;
  checkTokenizerShape(tokenizerJson, path.join(abs, 'tokenizer.json'));
  const tokenizerConfig = (readJson(abs, 'tokenizer_config.json', false) ?? {}) as Record<string, unknown>;
  const asked = req.dtype ?? (req.variant ? dtypeOfVariant(req.variant) : undefined);
  const dtype = resolveDtype(asked, rawConfig, configFile);
  const variant = pickVariant(abs, dtype);
  const onnxPath = path.join(abs, variant.file);
  const size = fs.statSync(onnxPath).size;
  if (size < MIN_ONNX_BYTES) {
    throw new EngineFailure('MODEL_FILE', `${onnxPath} is ${size} bytes: truncated or not an ONNX model`);
  }
  const externalData = checkExternalData(abs, variant.file, variant.externalData);
  const files = ['config.json', 'tokenizer.json'];
  if (fs.existsSync(path.join(abs, 'tokenizer_config.json'))) files.push('tokenizer_config.json');
  files.push(variant.file, ...externalData);
  return { dir: abs, config, kind: config.kind, tokenizerJson, tokenizerConfig, onnxFile: variant.file, dtype, layout: variant.layout, externalData, files };
}

/**
 * The external data files the graph names, each checked to exist. Graphs too large to hold
 * external references (their weights are inline) are not decoded; their data files, if any, are
 * found by name.
 */
function checkExternalData(dir: string, onnxFile: string, byName: string[]): string[] {
  let refs: string[] | undefined;
  try {
    refs = externalReferences(path.join(dir, onnxFile));
  } catch (error) {
    // Not decodable: the runtime's load reports it (truncated, not ONNX) in its own words.
    if (error instanceof OnnxError) return byName;
    throw error;
  }
  if (refs === undefined) return byName;
  const folder = path.dirname(onnxFile);
  const files = refs.map((location) => (folder === '.' ? location : `${folder}/${location}`));
  for (const file of files) {
    if (!fs.existsSync(path.join(dir, file))) {
      throw new EngineFailure('MODEL_FILE', `${path.join(dir, onnxFile)} keeps weights in external data file ${file}, which is missing from the folder`);
    }
  }
  return files;
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

/** The suffix of a dtype, for callers that still name files by suffix. */
export function suffixOfDtype(dtype: string): string {
  return DTYPE_SUFFIX[dtype] ?? '';
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
