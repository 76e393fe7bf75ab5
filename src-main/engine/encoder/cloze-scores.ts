import { EngineFailure } from '../engine-failure.ts';
import { logSumExp } from '../forward.ts';
import type { ScoreNextResult } from '../protocol.ts';
import type { EncoderSession } from './encoder-session.ts';
import type { ScoreMaskedRequest } from './encoder-protocol.ts';

/** Rows run together; encoders have no cache to share, so this only bounds padding and memory. */
const CLOZE_BATCH = 8;

/**
 * Cloze scoring: every prompt is tokenized whole (prefix + head + mask token + tail) and the label
 * ids are scored at the query's mask, which is the mask after every mask the text before it holds
 * (a content-free input "[MASK]" is the model's own mask token too, and stays in the prompt).
 * Nothing is cached: attention is bidirectional, so every token's state depends on the whole prompt.
 */
export async function scoreMasked(model: EncoderSession, request: ScoreMaskedRequest): Promise<ScoreNextResult> {
  const t = model.tokenizer;
  const prefix = request.prefixParts.join('');
  const inputs = request.queries.map((q) => {
    const before = prefix + q.head;
    const input = t.encode(before + t.maskToken + q.tail);
    model.checkLength(input);
    const earlier = t.encodePart(before).filter((id) => id === t.maskTokenId).length;
    const masks = input.ids.flatMap((id, i) => (id === t.maskTokenId ? [i] : []));
    const position = masks[earlier];
    if (position === undefined) throw new EngineFailure('NO_MASK', `the query's mask token ${t.maskToken} did not survive tokenization of ${JSON.stringify(q.head + t.maskToken + q.tail)}`);
    return { input, position };
  });
  const logprobs: number[][] = new Array(inputs.length);
  const order = inputs.map((_, i) => i).sort((a, b) => inputs[a].input.ids.length - inputs[b].input.ids.length);
  let computed = 0;
  for (let start = 0; start < order.length; start += CLOZE_BATCH) {
    const rows = order.slice(start, start + CLOZE_BATCH);
    const out = await model.forward(rows.map((i) => inputs[i].input));
    rows.forEach((i, b) => {
      const offset = (b * out.seq + inputs[i].position) * out.vocab;
      const row = out.logits.subarray(offset, offset + out.vocab);
      const lse = logSumExp(row);
      logprobs[i] = request.tokenIds.map((id) => row[id] - lse);
      computed += inputs[i].input.ids.length;
    });
  }
  return { logprobs, promptTokens: inputs.map((x) => x.input.ids.length), computedTokens: computed };
}
