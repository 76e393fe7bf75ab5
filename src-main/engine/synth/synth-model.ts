/**
 * `synthModel`: a tiny random-weight folder of any built family, style and dtype, in the layouts
 * researchers bring: transformers.js / onnx-community (`onnx/model{suffix}.onnx`), Optimum's flat
 * output (`model.onnx` beside config.json), optionally with external data.
 *
 * GPT-2 goes through its own builder (gpt2-graph.ts); the other five through decoder-graph.ts.
 * Each folder carries its family's kind of tokenizer and config keys (family-tokenizers.ts,
 * family-config.ts). The `fused` style (ONNX Runtime's model-builder ops, fused-graph.ts) is
 * written for Llama, Qwen2 and Phi-3 over the same weights as the plain style.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuiltFamily } from '../model-families.ts';
import { writeModelWithExternalData } from '../onnx/external-writer.ts';
import type { OnnxModel } from '../onnx/model-io.ts';
import { writeModelFile } from '../onnx/model-writer.ts';
import { DTYPE_SUFFIX } from '../model-layout.ts';
import { buildDecoderModel } from './decoder-graph.ts';
import { buildFusedDecoderModel, supportsFused } from './fused-graph.ts';
import { type DecoderFamily, type DecoderShape } from './decoder-spec.ts';
import { randomDecoderParams } from './decoder-weights.ts';
import { convertDtype, SYNTH_DTYPES, type SynthDtype } from './dtype-convert.ts';
import { familyConfig, familyGenerationConfig, familyTokenizerConfig, type FamilyIds } from './family-config.ts';
import { optTokenizerJson, qwenTokenizerJson, sentencePieceTokenizerJson } from './family-tokenizers.ts';
import { buildGpt2Model } from './gpt2-graph.ts';
import { gpt2Config, gpt2GenerationConfig, gpt2SpecialTokensMap, gpt2TokenizerConfig } from './gpt2-config.ts';
import { gpt2TokenizerJson } from './gpt2-tokenizer.ts';
import { randomGpt2Params, type Gpt2Shape } from './gpt2-weights.ts';

export type SynthStyle = 'plain' | 'fused';
export type SynthLayout = 'onnx-subfolder' | 'optimum-flat';

export interface SynthModelOptions {
  outDir: string;
  arch: BuiltFamily;
  style?: SynthStyle;
  /** One or more dtypes; each becomes its own file (model.onnx, model_fp16.onnx, model_q4.onnx). */
  dtypes?: SynthDtype[];
  layout?: SynthLayout;
  /** Put weights in `<file>_data` beside the graph. */
  externalData?: boolean;
  layers?: number;
  hidden?: number;
  heads?: number;
  /** Key/value heads (llama, qwen2, phi3); default heads / 2 when that divides, else heads. */
  kvHeads?: number;
  /** Tokenizer size; default 1000 (byte-level) or 2000 (SentencePiece-style); gpt2 may take 50257. */
  vocab?: number;
  ctx?: number;
  seed?: number;
  /** qwen2: share the token embedding with the lm_head (default true, as Qwen2-0.5B). */
  tie?: boolean;
}

export interface SynthModelResult {
  outDir: string;
  files: string[];
  arch: BuiltFamily;
  parameters: number;
  shape: { layers: number; hidden: number; heads: number; kvHeads: number; vocab: number; ctx: number };
}

const DEFAULT_VOCAB: Record<BuiltFamily, number> = { gpt2: 1000, gpt_neox: 1000, opt: 1000, qwen2: 1000, llama: 2000, phi3: 2000 };

function positive(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`synth: ${field} must be a positive integer, got ${value}`);
  return value;
}

function decoderShape(family: DecoderFamily, o: SynthModelOptions, vocab: number): DecoderShape {
  const heads = positive('heads', o.heads ?? 4);
  // GroupQueryAttention with rotary inside wants heads of 16, 32, ... dimensions.
  const hidden = positive('hidden', o.hidden ?? (o.style === 'fused' ? 16 * heads : 32));
  if (o.style === 'fused' && (hidden / heads) % 16 !== 0) throw new Error(`synth: --style fused needs a head size that is a multiple of 16 (GroupQueryAttention's rotary), got hidden ${hidden} / heads ${heads}`);
  if (hidden % heads !== 0) throw new Error(`synth: hidden (${hidden}) must be divisible by heads (${heads})`);
  const gqa = family === 'llama' || family === 'qwen2' || family === 'phi3';
  const kvHeads = positive('kvHeads', gqa ? (o.kvHeads ?? (heads % 2 === 0 ? heads / 2 : heads)) : heads);
  if (heads % kvHeads !== 0) throw new Error(`synth: heads (${heads}) must be a multiple of kvHeads (${kvHeads})`);
  if (!gqa && o.kvHeads !== undefined && o.kvHeads !== heads) throw new Error(`synth: ${family} has no grouped-query attention; kvHeads must equal heads`);
  const headDim = hidden / heads;
  return {
    family, layers: positive('layers', o.layers ?? 2), hidden, heads, kvHeads, headDim, inter: family === 'opt' || family === 'gpt_neox' ? 4 * hidden : 3 * hidden,
    vocab, ctx: positive('ctx', o.ctx ?? 128), rotaryDim: family === 'opt' ? 0 : family === 'gpt_neox' ? Math.max(2, headDim / 4) : headDim,
    ropeTheta: 10000, tie: family === 'opt' ? true : family === 'qwen2' ? (o.tie ?? true) : false, eps: family === 'llama' || family === 'qwen2' ? 1e-6 : 1e-5,
  };
}

/** The tokenizer, its ids, and the logits width (Qwen and Phi-3 pad theirs past the tokenizer). */
function tokenizerFor(family: DecoderFamily, vocab: number): { json: Record<string, unknown>; ids: FamilyIds; logits: number } {
  const pad64 = (n: number) => Math.ceil(n / 64) * 64;
  switch (family) {
    case 'opt':
      return { json: optTokenizerJson(vocab), ids: { bos: 2, eos: 2, pad: 1 }, logits: vocab };
    case 'qwen2':
      return { json: qwenTokenizerJson(vocab), ids: { eos: vocab - 3 }, logits: pad64(vocab + 1) };
    case 'gpt_neox':
      return { json: gpt2TokenizerJson(vocab), ids: { bos: vocab - 1, eos: vocab - 1 }, logits: vocab };
    case 'phi3': {
      const extra = ['<|endoftext|>', '<|assistant|>', '<|user|>', '<|end|>'];
      const json = sentencePieceTokenizerJson(vocab, { addBos: false, extra });
      const eos = (json.model as { vocab: Record<string, number> }).vocab['<|endoftext|>'];
      return { json, ids: { bos: 1, eos, pad: eos }, logits: pad64(vocab + 1) };
    }
    default:
      return { json: sentencePieceTokenizerJson(vocab, { addBos: true }), ids: { bos: 1, eos: 2 }, logits: vocab };
  }
}

export async function synthModel(o: SynthModelOptions): Promise<SynthModelResult> {
  const style = o.style ?? 'plain';
  if (style !== 'plain' && style !== 'fused') throw new Error(`synth: unknown style "${style}" (plain or fused)`);
  if (style === 'fused' && !supportsFused(o.arch)) throw new Error(`synth: --style fused is written for llama, qwen2 and phi3 (ONNX Runtime's model builder families), not ${o.arch}`);
  const dtypes = o.dtypes ?? ['fp32'];
  for (const d of dtypes) if (!SYNTH_DTYPES.includes(d)) throw new Error(`synth: dtype "${d}" cannot be built (one of ${SYNTH_DTYPES.join(', ')})`);
  const layout = o.layout ?? 'onnx-subfolder';
  const seed = o.seed ?? 0;
  const vocab = positive('vocab', o.vocab ?? DEFAULT_VOCAB[o.arch]);
  const files: string[] = [];
  const json = async (name: string, value: unknown) => {
    await writeFile(join(o.outDir, name), `${JSON.stringify(value, null, 2)}\n`);
    files.push(name);
  };
  const graphDir = layout === 'optimum-flat' ? o.outDir : join(o.outDir, 'onnx');
  await mkdir(graphDir, { recursive: true });
  let build: () => OnnxModel;
  let parameters: number;
  let shape: SynthModelResult['shape'];
  if (o.arch === 'gpt2') {
    const g: Gpt2Shape = { layers: positive('layers', o.layers ?? 2), hidden: positive('hidden', o.hidden ?? 32), heads: positive('heads', o.heads ?? 4), vocab, ctx: positive('ctx', o.ctx ?? 128) };
    const params = randomGpt2Params(g, seed);
    build = () => buildGpt2Model(g, params, 'model');
    parameters = params.reduce((s, p) => s + p.data.length, 0);
    shape = { ...g, kvHeads: g.heads };
    await json('config.json', gpt2Config(g));
    await json('generation_config.json', gpt2GenerationConfig(g));
    await json('tokenizer.json', gpt2TokenizerJson(g.vocab));
    await json('tokenizer_config.json', gpt2TokenizerConfig(g));
    await json('special_tokens_map.json', gpt2SpecialTokensMap());
  } else {
    const tok = tokenizerFor(o.arch, vocab);
    const s = decoderShape(o.arch, o, tok.logits);
    const params = randomDecoderParams(s, seed);
    build = () => (style === 'fused' ? buildFusedDecoderModel(s, params) : buildDecoderModel(s, params));
    parameters = params.reduce((sum, p) => sum + p.data.length, 0);
    shape = { layers: s.layers, hidden: s.hidden, heads: s.heads, kvHeads: s.kvHeads, vocab: s.vocab, ctx: s.ctx };
    await json('config.json', familyConfig(s, tok.ids, tok.logits));
    await json('generation_config.json', familyGenerationConfig(tok.ids));
    await json('tokenizer.json', tok.json);
    await json('tokenizer_config.json', familyTokenizerConfig(s));
  }
  for (const dtype of dtypes) {
    const name = `model${DTYPE_SUFFIX[dtype]}.onnx`;
    const target = join(graphDir, name);
    const model = convertDtype(build(), dtype);
    if (o.externalData) await writeModelWithExternalData(target, model);
    else {
      await writeModelFile(`${target}.partial`, model);
      await rename(`${target}.partial`, target);
    }
    const rel = layout === 'optimum-flat' ? name : `onnx/${name}`;
    files.push(rel, ...(o.externalData ? [`${rel}_data`] : []));
  }
  return { outDir: o.outDir, files, arch: o.arch, parameters, shape };
}
