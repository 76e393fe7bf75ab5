import fs from 'node:fs';
import path from 'node:path';
import { EngineFailure } from '../engine-failure.ts';

/**
 * Recognising and reading a masked-language-model encoder folder (BERT, RoBERTa, ALBERT, DistilBERT,
 * and the families that share their I/O).
 *
 * Optimum's fill-mask exports hold config.json, tokenizer.json, tokenizer_config.json and the graph
 * at onnx/model{variant}.onnx (the layout transformers.js reads) or model{variant}.onnx beside
 * config.json (Optimum's flat output), with optional external data beside the graph. The config's
 * `model_type` or `architectures` says encoder; the graph's inputs confirm it at load.
 */

/** model_type values read as encoders; their configs use BERT's names (DistilBERT its own). */
export const ENCODER_MODEL_TYPES = new Set(['bert', 'roberta', 'albert', 'distilbert', 'xlm-roberta', 'camembert', 'electra', 'mpnet', 'deberta', 'deberta-v2', 'modernbert']);

export interface EncoderConfig {
  modelType: string;
  vocabSize?: number;
  nLayer: number;
  nHead: number;
  hiddenSize: number;
  /** ALBERT's factorized embedding width; the hidden size for the others. */
  embeddingSize: number;
  /** max_position_embeddings (RoBERTa's counts padding_idx + 1 extra rows). */
  maxPositions: number;
  typeVocabSize: number;
  padTokenId?: number;
  /** Layers that share one set of weights (ALBERT's num_hidden_groups < num_hidden_layers). */
  sharedLayers: boolean;
}

export interface EncoderFolder {
  dir: string;
  config: EncoderConfig;
  tokenizerJson: object;
  tokenizerConfig: Record<string, unknown>;
  onnxFile: string;
  /** External data files of the graph, relative to dir. */
  externalData: string[];
  files: string[];
}

/** Whether config.json describes an encoder for masked-LM (by model_type or a *ForMaskedLM architecture). */
export function isEncoderConfig(raw: Record<string, unknown>): boolean {
  const type = typeof raw.model_type === 'string' ? raw.model_type : '';
  const archs = Array.isArray(raw.architectures) ? raw.architectures.filter((a): a is string => typeof a === 'string') : [];
  if (archs.some((a) => a.endsWith('ForMaskedLM'))) return true;
  if (archs.some((a) => a.endsWith('ForCausalLM') || a.endsWith('LMHeadModel'))) return false;
  return ENCODER_MODEL_TYPES.has(type);
}

/** Reads config.json of a folder and tells whether it is an encoder; false when the config is unreadable (the decoder loader then names the problem). */
export function folderIsEncoder(dir: string): boolean {
  try {
    return isEncoderConfig(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>);
  } catch {
    return false;
  }
}

function readJson(dir: string, name: string, required: boolean): unknown {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    if (!required) return undefined;
    throw new EngineFailure('MODEL_FOLDER', `${dir} has no ${name}`);
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new EngineFailure('MODEL_FOLDER', `${file} is not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
}

const num = (raw: Record<string, unknown>, keys: string[]): number | undefined => {
  for (const key of keys) if (typeof raw[key] === 'number' && Number.isFinite(raw[key])) return raw[key] as number;
  return undefined;
};

export function parseEncoderConfig(raw: Record<string, unknown>, file: string): EncoderConfig {
  const need = (keys: string[]): number => {
    const value = num(raw, keys);
    if (value === undefined) throw new EngineFailure('MODEL_FOLDER', `${file} lacks ${keys.join(' / ')}`);
    return value;
  };
  const nLayer = need(['num_hidden_layers', 'n_layers']);
  const hiddenSize = need(['hidden_size', 'dim']);
  const groups = num(raw, ['num_hidden_groups']);
  return {
    modelType: typeof raw.model_type === 'string' ? raw.model_type : 'unknown',
    vocabSize: num(raw, ['vocab_size']),
    nLayer,
    nHead: need(['num_attention_heads', 'n_heads']),
    hiddenSize,
    embeddingSize: num(raw, ['embedding_size']) ?? hiddenSize,
    maxPositions: num(raw, ['max_position_embeddings']) ?? 512,
    typeVocabSize: num(raw, ['type_vocab_size']) ?? 0,
    padTokenId: num(raw, ['pad_token_id']),
    sharedLayers: groups !== undefined && groups < nLayer,
  };
}

/** onnx/model{variant}.onnx, then model{variant}.onnx in the folder (Optimum's flat layout). */
function findOnnxFile(dir: string, variant: string): string {
  const candidates = [`onnx/model${variant}.onnx`, `model${variant}.onnx`];
  for (const candidate of candidates) if (fs.existsSync(path.join(dir, candidate))) return candidate;
  const present = [dir, path.join(dir, 'onnx')].filter((d) => fs.existsSync(d)).flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.onnx')).map((f) => path.relative(dir, path.join(d, f))));
  throw new EngineFailure('MODEL_FOLDER', `${dir} has no ${candidates.join(' or ')}${present.length ? `; it holds ${present.join(', ')}` : ''}`);
}

function externalData(dir: string, onnxFile: string): string[] {
  const base = path.basename(onnxFile);
  const folder = path.dirname(onnxFile);
  return fs.readdirSync(path.join(dir, folder))
    .filter((f) => f !== base && (f.startsWith(`${base}_data`) || f.startsWith(`${base}.data`)))
    .sort()
    .map((f) => (folder === '.' ? f : `${folder}/${f}`));
}

export function readEncoderFolder(dir: string, variant = ''): EncoderFolder {
  const abs = path.resolve(dir);
  const raw = readJson(abs, 'config.json', true) as Record<string, unknown>;
  const tokenizerJson = readJson(abs, 'tokenizer.json', true) as object;
  const tokenizerConfig = (readJson(abs, 'tokenizer_config.json', false) ?? {}) as Record<string, unknown>;
  const onnxFile = findOnnxFile(abs, variant);
  const size = fs.statSync(path.join(abs, onnxFile)).size;
  if (size < 32) throw new EngineFailure('MODEL_FILE', `${path.join(abs, onnxFile)} is ${size} bytes: truncated or not an ONNX model`);
  const files = ['config.json', 'tokenizer.json'];
  if (fs.existsSync(path.join(abs, 'tokenizer_config.json'))) files.push('tokenizer_config.json');
  const external = externalData(abs, onnxFile);
  files.push(onnxFile, ...external);
  return { dir: abs, config: parseEncoderConfig(raw, path.join(abs, 'config.json')), tokenizerJson, tokenizerConfig, onnxFile, externalData: external, files };
}
