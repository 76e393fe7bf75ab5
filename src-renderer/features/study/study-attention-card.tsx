/**
 * Attention over the study, beside the recency chart: how much of the answer position's attention
 * each demonstration position receives, averaged over a sample of the run's prompts (the card says
 * how many). Computed on request: every prompt is a forward pass with attention weights.
 */
import { useState } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { percent } from './charts/chart-style.ts';

export interface StudyAttentionCardProps {
  runId: string;
  conditions: number;
  examples: number;
  /** The demonstration position (1 = first, or the last) another chart points at, drawn emphasised; null for none. */
  linkedPosition?: number | 'last' | null;
  /** Called with the position under the pointer (null when it leaves the table). */
  onHoverPosition?: (position: number | null, last: boolean) => void;
}

export function StudyAttentionCard({ runId, conditions, examples, linkedPosition = null, onHoverPosition }: StudyAttentionCardProps) {
  const attention = useAppState((s) => s.condition.attention);
  const computeAttention = useAppState((s) => s.condition.computeAttention);
  const [maxConditions, setMaxConditions] = useState(6);
  const [maxExamples, setMaxExamples] = useState(8);
  const current = attention?.runId === runId ? attention : null;
  const compute = () => computeAttention(runId, maxConditions, maxExamples);
  const r = current?.result ?? null;
  const linked = linkedPosition === 'last' ? (r?.positions.length ?? null) : linkedPosition;
  const top = r ? Math.max(...r.positions.map((p) => p.mean), r.query, 1e-9) : 1;
  const prompts = Math.min(conditions, maxConditions) * Math.min(examples, maxExamples);
  return (
    <section className="card stack" data-testid="study-attention">
      <div className="row">
        <h2 style={{ margin: 0 }}>Attention by demonstration position</h2>
        <span className="spacer" />
        <label className="row ps-small">
          orders
          <input type="number" min={1} max={200} value={maxConditions} onChange={(e) => setMaxConditions(Math.max(1, Math.trunc(Number(e.target.value)) || 1))} style={{ width: 64 }} />
        </label>
        <label className="row ps-small">
          test examples
          <input type="number" min={1} max={300} value={maxExamples} onChange={(e) => setMaxExamples(Math.max(1, Math.trunc(Number(e.target.value)) || 1))} style={{ width: 64 }} />
        </label>
        <button className="btn btn-small" onClick={() => void compute()} disabled={current?.loading} data-testid="study-attention-compute">
          {current?.loading ? 'Computing…' : `Compute over ${prompts} prompts`}
        </button>
      </div>
      <p className="muted ps-chart-note">
        Share of the answer position's attention (mean over heads and layers) on each demonstration, 1 = first in the prompt. Read with the recency chart: a model that
        copies the last label often also looks at the last demonstration most.
      </p>
      <ErrorBox error={current?.error ?? null} testId="study-attention-error" />
      {r ? (
        <>
          <p className="ps-small" data-testid="study-attention-sample">
            Over {r.prompts} prompts: {r.conditionsUsed} of {r.conditionsTotal} conditions (evenly spaced) × the first {r.examplesPerCondition} of {r.examplesTotal} test examples.
          </p>
          <table className="ps-table" data-testid="study-attention-table">
            <tbody>
              {r.positions.map((p) => (
                <tr
                  key={p.position}
                  className={p.position === linked ? 'ps-linked' : undefined}
                  data-testid={`study-attention-position-${p.position}`}
                  data-linked={p.position === linked ? 'true' : undefined}
                  onMouseEnter={() => onHoverPosition?.(p.position, p.position === r.positions.length)}
                  onMouseLeave={() => onHoverPosition?.(null, false)}
                >
                  <th scope="row">
                    demo {p.position}
                    {p.position === r.positions.length ? ' (last)' : p.position === 1 ? ' (first)' : ''}
                  </th>
                  <td style={{ width: '60%' }}>
                    <div className="mass-bar" style={{ width: `${(p.mean / top) * 100}%` }} />
                  </td>
                  <td title={`min ${percent(p.min)}, max ${percent(p.max)} over the prompts`}>{percent(p.mean)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">query</th>
                <td>
                  <div className="mass-bar" style={{ width: `${(r.query / top) * 100}%`, background: '#d55e00' }} />
                </td>
                <td>{percent(r.query)}</td>
              </tr>
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
