import { Tokenizer } from '@huggingface/tokenizers';
import { EngineFailure } from './engine-failure.ts';
import type { TokenPiece } from './protocol.ts';

/**
 * The model's tokenizer: Hugging Face `tokenizer.json` + `tokenizer_config.json` through
 * `@huggingface/tokenizers`, the same library transformers.js uses, so token ids agree with it.
 */
export class TextTokenizer {
  private readonly tokenizer: Tokenizer;
  /** One past the largest token id the tokenizer can produce. */
  readonly size: number;

  constructor(tokenizerJson: object, tokenizerConfig: Record<string, unknown>, file = 'tokenizer.json') {
    try {
      this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    } catch (error) {
      // The library's messages name neither the file nor the field.
      throw new EngineFailure('MODEL_FOLDER', `${file}: Hugging Face tokenizers cannot load it (${String((error as Error).message).split('\n')[0]})`);
    }
    let maxId = -1;
    for (const id of this.tokenizer.get_vocab(true).values()) if (id > maxId) maxId = id;
    this.size = maxId + 1;
  }

  /**
   * Token ids of a text.
   *
   * `special` adds what the post-processor adds (a BOS for Llama-style models, nothing for GPT-2),
   * as transformers.js does for a whole prompt; continuations (" " + label) and later prompt
   * parts are encoded without.
   */
  encode(text: string, special = true): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: special }).ids;
  }

  decode(ids: number[], skipSpecial = false): string {
    return this.tokenizer.decode(ids, { skip_special_tokens: skipSpecial });
  }

  /** Decoding exactly what the tokens hold, without clean-up of spaces, for offsets. */
  private rawDecode(ids: number[]): string {
    return this.tokenizer.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  }

  /** The token's text decoded on its own (byte-level pieces of a split character show as U+FFFD). */
  tokenText(id: number): string {
    return this.rawDecode([id]);
  }

  /**
   * Tokens with character offsets into `text`, for showing token boundaries.
   *
   * The library gives no offsets, so they are recovered by decoding growing prefixes: a token's end
   * is how far the decoded prefix agrees with the text. Tokens holding part of a multi-byte
   * character end where that character starts; the token that completes it covers it. Decoding
   * restarts from the last clean boundary to stay linear on long texts.
   */
  pieces(text: string, special = true): TokenPiece[] {
    const ids = this.encode(text, special);
    const pieces: TokenPiece[] = [];
    let anchorToken = 0;
    let anchorChar = 0;
    let prevEnd = 0;
    for (let i = 0; i < ids.length; i++) {
      let end = anchorChar + agreement(this.rawDecode(ids.slice(anchorToken, i + 1)), text, anchorChar);
      if (anchorToken > 0 && end < prevEnd) end = agreement(this.rawDecode(ids.slice(0, i + 1)), text, 0);
      end = Math.max(end, prevEnd);
      pieces.push({ id: ids[i], text: this.tokenText(ids[i]), start: prevEnd, end });
      const decoded = this.rawDecode(ids.slice(anchorToken, i + 1));
      if (anchorChar + decoded.length === end && !decoded.endsWith('\uFFFD')) {
        anchorToken = i + 1;
        anchorChar = end;
      }
      prevEnd = end;
    }
    return pieces;
  }
}

/** Length of the common prefix of `decoded` and `text` from `from`. */
function agreement(decoded: string, text: string, from: number): number {
  let n = 0;
  while (n < decoded.length && from + n < text.length && decoded[n] === text[from + n]) n++;
  // Do not end inside a surrogate pair.
  if (n > 0 && n < decoded.length && isHighSurrogate(text.charCodeAt(from + n - 1))) n--;
  return n;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
