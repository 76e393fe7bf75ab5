/**
 * The model's answer to the previewed prompt: each label word's tokens and probability
 * (renormalised over the label words, as the study scores them), and a warning for every word
 * the tokenizer splits (only its first token is scored, Zhao et al. 2021).
 */
import type { ScoreLabelsResult } from '../../../src-shared/api/tokens.ts';

export interface LabelScoresProps {
  scores: ScoreLabelsResult | null;
  labelWords: Record<string, string[]>;
}

export function LabelScores({ scores, labelWords }: LabelScoresProps) {
  if (!scores) return null;
  const max = Math.max(...scores.labels.map((l) => l.logprob));
  const weights = scores.labels.map((l) => Math.exp(l.logprob - max));
  const total = weights.reduce((a, b) => a + b, 0);
  const classOf = (word: string) => Object.entries(labelWords).find(([, ws]) => ws.includes(word))?.[0] ?? '?';
  return (
    <div className="stack" data-testid="label-scores">
      <h3>Next-token scores for the label words</h3>
      <table className="data">
        <thead>
          <tr>
            <th>word</th>
            <th>class</th>
            <th>tokens of " word"</th>
            <th>share</th>
          </tr>
        </thead>
        <tbody>
          {scores.labels.map((l, i) => (
            <tr key={l.label}>
              <td>
                <code>{l.label}</code>
              </td>
              <td>
                <code>{classOf(l.label)}</code>
              </td>
              <td className={l.tokenIds.length > 1 ? 'ps-warn-text' : 'muted'}>
                {l.tokenIds.length} {l.tokenIds.length === 1 ? 'token' : 'tokens'} <span className="muted">({l.tokenIds.join(', ')})</span>
              </td>
              <td>
                <div className="ps-share">
                  <div className="ps-share__bar" style={{ width: `${(100 * weights[i]) / total}%` }} />
                  <span>{((100 * weights[i]) / total).toFixed(1)}%</span>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {scores.warnings.length > 0 ? (
        <div className="warn-box" data-testid="label-split-warnings">
          {scores.warnings.map((w) => (
            <div key={w}>⚠ {w}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
