import { Tokenizer } from '@huggingface/tokenizers';
import { EngineFailure } from '../engine-failure.ts';
import type { TokenPiece } from '../protocol.ts';

/** One encoded input: ids, segment ids (0 for the first text, 1 for the pair), special-token flags. */
export interface EncodedInput {
  ids: number[];
  typeIds: number[];
}

/**
 * An encoder's tokenizer: tokenizer.json through `@huggingface/tokenizers` (the library
 * transformers.js uses), with the post-processor's [CLS]/[SEP] (or <s>/</s>) and segment ids, and
 * the mask token as tokenizer_config.json names it (transformers.js reads it the same way).
 */
export class EncoderTokenizer {
  private readonly tokenizer: Tokenizer;
  readonly size: number;
  readonly maskToken: string;
  readonly maskTokenId: number;
  readonly padTokenId: number;
  readonly specialIds: Set<number>;

  constructor(tokenizerJson: object, tokenizerConfig: Record<string, unknown>, file: string, padFallback?: number) {
    this.tokenizer = new Tokenizer(tokenizerJson, tokenizerConfig);
    let maxId = -1;
    for (const id of this.tokenizer.get_vocab(true).values()) if (id > maxId) maxId = id;
    this.size = maxId + 1;
    const added = [...this.tokenizer.get_added_tokens_decoder().entries()];
    const named = tokenName(tokenizerConfig.mask_token) ?? added.find(([, t]) => /mask/i.test(t.content))?.[1].content;
    const maskId = named === undefined ? undefined : this.tokenizer.token_to_id(named);
    if (named === undefined || maskId === undefined) throw new EngineFailure('MODEL_FOLDER', `${file} declares no mask token (tokenizer_config.json mask_token): fill-mask needs one`);
    this.maskToken = named;
    this.maskTokenId = maskId;
    const pad = tokenName(tokenizerConfig.pad_token);
    this.padTokenId = (pad !== undefined ? this.tokenizer.token_to_id(pad) : undefined) ?? padFallback ?? 0;
    this.specialIds = new Set(added.filter(([, t]) => t.special).map(([id]) => id));
  }

  /** A whole input with the post-processor's special tokens; `pair` is segment B. */
  encode(text: string, pair?: string): EncodedInput {
    const out = this.tokenizer.encode(text, { text_pair: pair ?? null, add_special_tokens: true, return_token_type_ids: true });
    return { ids: out.ids, typeIds: out.token_type_ids ?? out.ids.map(() => 0) };
  }

  /** Ids of a text piece without special tokens (label words, prompt parts). */
  encodePart(text: string): number[] {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids;
  }

  /** How many tokens the post-processor adds around one text ([CLS] and [SEP]: 2). */
  get specialsAdded(): number {
    return this.encode('').ids.length;
  }

  /**
   * The tokens of a text piece, without special tokens: what the study runner counts and what a
   * label word becomes. Offsets are found by searching each token's text (markers ##, ▁, Ġ and
   * case set aside, since these tokenizers lowercase and mark word starts); a token not found
   * there (an [UNK], say) gets an empty span at the cursor.
   */
  pieces(text: string, ids = this.encodePart(text)): TokenPiece[] {
    const lower = text.toLowerCase();
    let cursor = 0;
    return ids.map((id) => {
      const shown = this.tokenText(id);
      // Special tokens ([CLS], [SEP]) hold no text; the mask token stands where it was written.
      const bare = this.specialIds.has(id) && id !== this.maskTokenId ? '' : shown.replace(/^##|^\u2581|^\u0120/, '').trim().toLowerCase();
      const at = bare ? lower.indexOf(bare, cursor) : -1;
      const start = at >= 0 ? at : cursor;
      const end = at >= 0 ? at + bare.length : cursor;
      cursor = end;
      return { id, text: shown, start, end };
    });
  }

  decode(ids: number[], skipSpecial = false): string {
    return this.tokenizer.decode(ids, { skip_special_tokens: skipSpecial });
  }

  /** A token as decoded on its own ("paris", " Paris", "##ing"): what a reader needs to see. */
  tokenText(id: number): string {
    const decoded = this.tokenizer.decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false });
    const raw = this.tokenizer.id_to_token(id) ?? decoded;
    // WordPiece decoding drops the ## that marks a word continuation; keep it, it is the lesson.
    return raw.startsWith('##') ? raw : decoded;
  }
}

function tokenName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content;
  return undefined;
}
