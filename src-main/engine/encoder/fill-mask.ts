import { EngineFailure } from '../engine-failure.ts';
import { logSumExp } from '../forward.ts';
import type { EncoderSession } from './encoder-session.ts';
import type { FillMaskPrediction, FillMaskResult } from './encoder-protocol.ts';

/** The placeholder users may write for any model's mask token, as in BERT's papers and the README. */
export const GENERIC_MASK = '[MASK]';

/**
 * The text with `[MASK]` written as this model's own mask token (`<mask>` for RoBERTa); texts
 * already using the model's token are unchanged.
 */
export function withModelMask(model: EncoderSession, text: string): string {
  const mask = model.tokenizer.maskToken;
  return mask === GENERIC_MASK || text.includes(mask) ? text : text.split(GENERIC_MASK).join(mask);
}

/** The k most likely ids of one logits row, with full-vocabulary probabilities. */
export function topPredictions(model: EncoderSession, row: Float32Array, k: number): FillMaskPrediction[] {
  const lse = logSumExp(row);
  const order = Array.from(row.keys()).sort((a, b) => row[b] - row[a] || a - b).slice(0, k);
  return order.map((id) => ({ id, token: model.tokenizer.tokenText(id), logprob: row[id] - lse, prob: Math.exp(row[id] - lse) }));
}

/**
 * Fill-mask over a text (and optional second segment): the top-k tokens at every mask.
 *
 * As transformers.js's fill-mask pipeline: one forward pass, a softmax over the vocabulary at the
 * mask position. Several masks are all in place during that one pass, and each position's list is
 * its own marginal prediction (BERT predicts masked tokens independently); the pipeline itself
 * reads only the first mask.
 */
export async function fillMask(model: EncoderSession, text: string, top: number, pair?: string): Promise<FillMaskResult> {
  const input = model.tokenizer.encode(withModelMask(model, text), pair === undefined ? undefined : withModelMask(model, pair));
  model.checkLength(input);
  const positions = input.ids.flatMap((id, i) => (id === model.tokenizer.maskTokenId ? [i] : []));
  if (positions.length === 0) {
    throw new EngineFailure('NO_MASK', `the text has no mask token: write ${model.tokenizer.maskToken}${model.tokenizer.maskToken === GENERIC_MASK ? '' : ` (or ${GENERIC_MASK})`} where a word should be predicted`);
  }
  const out = await model.forward([input]);
  const masks = positions.map((position) => ({ position, top: topPredictions(model, out.logits.subarray(position * out.vocab, (position + 1) * out.vocab), top) }));
  const filledIds = input.ids.slice();
  for (const m of masks) filledIds[m.position] = m.top[0].id;
  return {
    tokens: input.ids.map((id) => model.tokenizer.tokenText(id)),
    tokenIds: input.ids,
    typeIds: input.typeIds,
    maskToken: model.tokenizer.maskToken,
    masks,
    filled: model.tokenizer.decode(filledIds, true),
  };
}
