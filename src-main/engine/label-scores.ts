import { lastLogits, logitsRow, logSumExp } from './forward.ts';
import type { ModelSession } from './model-session.ts';
import type { LabelMode, LabelScore, ScoreLabelsResult } from './protocol.ts';

/**
 * Log-probability of each label word as the continuation of a prompt.
 *
 * Each label is scored as " " + word. First-token mode takes log P(first token | prompt), as in
 * Zhao et al. 2021 ("Calibrate Before Use"); full-sequence mode sums the log-probabilities of all
 * the label's tokens, running them after the prompt's cached key/values. Labels the tokenizer splits
 * get a warning naming the pieces, since first-token mode then scores only the first piece.
 */
export async function scoreLabels(model: ModelSession, prompt: string, labels: string[], mode: LabelMode): Promise<ScoreLabelsResult> {
  const labelIds = labels.map((label) => model.tokenizer.encode(` ${label}`, false));
  const longest = mode === 'full-sequence' ? Math.max(0, ...labelIds.map((ids) => ids.length - 1)) : 0;
  const promptIds = model.encodePrompt(prompt, longest);
  // First-token mode needs only the last position; full-sequence mode continues from the state.
  const out = mode === 'first-token' ? await model.forwardLastOnly({ rows: [promptIds] }) : await model.forward({ rows: [promptIds], wantPresent: true });
  const last = lastLogits(out, 0, promptIds.length);
  const lastLse = logSumExp(last);
  const warnings: string[] = [];
  const scores: LabelScore[] = [];
  for (let i = 0; i < labels.length; i++) {
    const ids = labelIds[i];
    if (ids.length === 0) {
      warnings.push(`label "${labels[i]}" has no tokens`);
      scores.push({ label: labels[i], tokenIds: ids, logprob: -Infinity });
      continue;
    }
    if (ids.length > 1) {
      const pieces = ids.map((id) => JSON.stringify(model.tokenizer.tokenText(id))).join(' + ');
      const note = mode === 'first-token' ? `; first-token mode scores only ${JSON.stringify(model.tokenizer.tokenText(ids[0]))}` : '';
      warnings.push(`label "${labels[i]}" splits into ${ids.length} tokens: ${pieces}${note}`);
    }
    let logprob = last[ids[0]] - lastLse;
    if (mode === 'full-sequence' && ids.length > 1 && out.present) {
      // Feed all but the last label token after the prompt; position t predicts token t + 1.
      const cont = await model.forward({ rows: [ids.slice(0, -1)], past: out.present });
      for (let t = 1; t < ids.length; t++) {
        const row = logitsRow(cont, 0, t - 1);
        logprob += row[ids[t]] - logSumExp(row);
      }
    }
    scores.push({ label: labels[i], tokenIds: ids, logprob });
  }
  return { labels: scores, warnings };
}
