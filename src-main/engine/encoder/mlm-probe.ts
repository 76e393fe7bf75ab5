import { createRng } from '../../../src-shared/rng/index.ts';
import { EngineFailure } from '../engine-failure.ts';
import { logSumExp } from '../forward.ts';
import type { EncoderSession } from './encoder-session.ts';
import type { MlmProbeOptions, MlmProbeResult, ProbeAction } from './encoder-protocol.ts';
import { topPredictions, withModelMask } from './fill-mask.ts';

/** BERT's masked-LM rate (Devlin et al. 2019, §3.1). */
export const BERT_MASK_RATE = 0.15;

export interface ProbePlan {
  position: number;
  action: ProbeAction;
  fed: number;
}

/**
 * BERT's corruption recipe over the non-special tokens, seeded: round(rate x n) positions (at least
 * one) chosen uniformly, as create_pretraining_data.py does; each becomes the mask token with
 * probability 0.8, a random non-special token with 0.1, and stays itself with 0.1.
 */
export function planProbe(ids: number[], specials: Set<number>, maskId: number, vocab: number, seed: number, rate: number): ProbePlan[] {
  const candidates = ids.flatMap((id, i) => (specials.has(id) ? [] : [i]));
  if (candidates.length === 0) throw new EngineFailure('EMPTY_PROMPT', 'the text has no tokens to mask');
  const rng = createRng(seed);
  const count = Math.min(candidates.length, Math.max(1, Math.round(rate * candidates.length)));
  const chosen = rng.shuffle(candidates).slice(0, count).sort((a, b) => a - b);
  return chosen.map((position) => {
    const r = rng.next();
    if (r < 0.8) return { position, action: 'mask' as const, fed: maskId };
    if (r < 0.9) {
      let id: number;
      do id = rng.int(vocab);
      while (specials.has(id));
      return { position, action: 'random' as const, fed: id };
    }
    return { position, action: 'keep' as const, fed: ids[position] };
  });
}

/** Applies the recipe to a text and reports the model's predictions at each chosen position. */
export async function mlmProbe(model: EncoderSession, text: string, options: MlmProbeOptions): Promise<MlmProbeResult> {
  const rate = options.rate ?? BERT_MASK_RATE;
  if (!(rate > 0 && rate <= 1)) throw new EngineFailure('BAD_REQUEST', `rate must be in (0, 1], got ${rate}`);
  const input = model.tokenizer.encode(withModelMask(model, text));
  model.checkLength(input);
  const t = model.tokenizer;
  const plan = planProbe(input.ids, t.specialIds, t.maskTokenId, t.size, options.seed, rate);
  const fed = input.ids.slice();
  for (const p of plan) fed[p.position] = p.fed;
  const out = await model.forward([{ ids: fed, typeIds: input.typeIds }]);
  const positions = plan.map((p) => {
    const row = out.logits.subarray(p.position * out.vocab, (p.position + 1) * out.vocab);
    const top = topPredictions(model, row, options.top ?? 5);
    const original = input.ids[p.position];
    const lse = logSumExp(row);
    return {
      position: p.position,
      original: { id: original, token: t.tokenText(original) },
      action: p.action,
      fed: { id: p.fed, token: t.tokenText(p.fed) },
      top,
      correct: top[0].id === original,
      originalLogprob: row[original] - lse,
    };
  });
  const byAction: MlmProbeResult['accuracyByAction'] = {};
  for (const p of positions) {
    const entry = (byAction[p.action] ??= { correct: 0, total: 0 });
    entry.total++;
    if (p.correct) entry.correct++;
  }
  return {
    tokens: input.ids.map((id) => t.tokenText(id)),
    seed: options.seed,
    rate,
    candidates: input.ids.filter((id) => !t.specialIds.has(id)).length,
    input: fed.map((id) => t.tokenText(id)),
    positions,
    accuracy: positions.filter((p) => p.correct).length / positions.length,
    accuracyByAction: byAction,
  };
}
