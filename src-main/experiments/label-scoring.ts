import type { ScoreNextRequest, ScoreNextResult } from '../engine/protocol.ts';
import { labelScores } from '../../src-shared/calibration/label-scores.ts';
import type { LabelTokens } from './label-tokens.ts';

/**
 * Turning engine answers into class scores, one function per way of scoring a label word, so
 * studies and learning curves score prompts the same way (and a further scorer, a mask position
 * say, plugs in beside these).
 *
 * - first-token / single-token: P(first token of " " + word) at the prompt's end (Zhao et al. 2021);
 * - full-sequence: P(" " + word) = exp(sum of its tokens' log-probabilities), as
 *   lm-evaluation-harness scores a continuation;
 * - length-normalized: exp(mean log-probability per token), so long words are not penalised for
 *   their length (a score, renormalised over the labels like the others).
 *
 * A class sums its label words' scores (Zhao et al. sum "Technology" and "Science").
 */
export function scoringRequest(labelTokens: LabelTokens): Pick<ScoreNextRequest, 'tokenIds' | 'continuations'> {
  if (!isFullSequence(labelTokens)) return { tokenIds: labelTokens.all };
  return { tokenIds: [], continuations: labelTokens.sequences.flat() };
}

/** Raw (unnormalised) class scores p̃_c of prompt `s` of a scoreNext answer, in class order. */
export function classScores(labelTokens: LabelTokens, result: ScoreNextResult, s: number): number[] {
  if (!isFullSequence(labelTokens)) {
    const byToken = new Map(labelTokens.all.map((id, t) => [id, result.logprobs[s][t]]));
    return labelScores(byToken, labelTokens.perClass);
  }
  const logprobs = result.continuationLogprobs?.[s];
  if (!logprobs) throw new Error('the engine answered without continuation log-probabilities');
  let k = 0;
  return labelTokens.sequences.map((words) => {
    let sum = 0;
    for (const tokens of words) {
      const lp = logprobs[k++];
      sum += Math.exp(labelTokens.mode === 'length-normalized' ? lp / tokens.length : lp);
    }
    return sum;
  });
}

function isFullSequence(labelTokens: LabelTokens): boolean {
  return labelTokens.mode === 'full-sequence' || labelTokens.mode === 'length-normalized';
}
