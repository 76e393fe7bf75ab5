/**
 * Sizes and family traits of the synthetic encoders (BERT, RoBERTa, ALBERT, DistilBERT).
 *
 * The traits are the ones that change the graph or the folder: which embeddings exist, whether
 * the graph takes `token_type_ids`, how positions are numbered (RoBERTa counts from
 * padding_idx + 1), ALBERT's factorized embedding and its one shared layer, the activation, the
 * LayerNorm epsilon, and which tokenizer model the folder carries.
 */

export type EncoderFamily = 'bert' | 'roberta' | 'albert' | 'distilbert';

export const ENCODER_FAMILIES: readonly EncoderFamily[] = ['bert', 'roberta', 'albert', 'distilbert'];

export interface FamilyTraits {
  /** Segment embeddings rows (0: none); BERT and ALBERT have 2, RoBERTa 1 (always type 0). */
  typeVocab: number;
  /** Whether the exported graph takes token_type_ids (Optimum exports RoBERTa and DistilBERT without). */
  tokenTypeInput: boolean;
  /** RoBERTa numbers positions from padding_idx + 1, skipping pads. */
  paddingPositions: boolean;
  /** Hugging Face's hidden_act: exact erf GELU, or ALBERT's tanh approximation. */
  activation: 'gelu' | 'gelu_new';
  layerNormEps: number;
  tokenizer: 'wordpiece' | 'bpe' | 'unigram';
}

export const FAMILY_TRAITS: Record<EncoderFamily, FamilyTraits> = {
  bert: { typeVocab: 2, tokenTypeInput: true, paddingPositions: false, activation: 'gelu', layerNormEps: 1e-12, tokenizer: 'wordpiece' },
  roberta: { typeVocab: 1, tokenTypeInput: false, paddingPositions: true, activation: 'gelu', layerNormEps: 1e-5, tokenizer: 'bpe' },
  albert: { typeVocab: 2, tokenTypeInput: true, paddingPositions: false, activation: 'gelu_new', layerNormEps: 1e-12, tokenizer: 'unigram' },
  distilbert: { typeVocab: 0, tokenTypeInput: false, paddingPositions: false, activation: 'gelu', layerNormEps: 1e-12, tokenizer: 'wordpiece' },
};

/** RoBERTa's padding_idx (the `<pad>` id): positions start after it. */
export const ROBERTA_PAD_ID = 1;

export interface EncoderShape {
  family: EncoderFamily;
  layers: number;
  hidden: number;
  heads: number;
  /** Feed-forward width (intermediate_size). */
  intermediate: number;
  /** Embedding width: ALBERT's factorized E, the hidden size for the others. */
  embedding: number;
  vocab: number;
  /** Longest input in tokens (RoBERTa's max_position_embeddings is this + 2). */
  ctx: number;
}

export interface EncoderShapeOptions {
  family: EncoderFamily;
  layers?: number;
  hidden?: number;
  heads?: number;
  embedding?: number;
  vocab?: number;
  ctx?: number;
}

/** Smallest vocabulary a builder accepts: the special tokens and the alphabet with room for words. */
export const MIN_ENCODER_VOCAB = 300;

function positiveInt(field: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new Error(`synth: ${field} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** Resolves defaults and checks every option, naming the first bad one. */
export function resolveEncoderShape(opts: EncoderShapeOptions): EncoderShape {
  if (!ENCODER_FAMILIES.includes(opts.family)) throw new Error(`synth: unknown encoder family "${opts.family}"`);
  const hidden = positiveInt('hidden', opts.hidden ?? 64);
  const heads = positiveInt('heads', opts.heads ?? 4);
  if (hidden % heads !== 0) throw new Error(`synth: hidden (${hidden}) must be divisible by heads (${heads})`);
  const embedding = opts.family === 'albert' ? positiveInt('embedding', opts.embedding ?? Math.max(8, hidden / 2)) : hidden;
  if (opts.embedding !== undefined && opts.family !== 'albert') throw new Error('synth: --embedding is ALBERT\'s factorized embedding size; other families embed at --hidden');
  return {
    family: opts.family,
    layers: positiveInt('layers', opts.layers ?? 2),
    hidden,
    heads,
    intermediate: 4 * hidden,
    embedding,
    vocab: positiveInt('vocab', opts.vocab ?? 5000, MIN_ENCODER_VOCAB),
    ctx: positiveInt('ctx', opts.ctx ?? 512, 8),
  };
}

/** max_position_embeddings as config.json states it. */
export function positionRows(shape: EncoderShape): number {
  return FAMILY_TRAITS[shape.family].paddingPositions ? shape.ctx + ROBERTA_PAD_ID + 1 : shape.ctx;
}
