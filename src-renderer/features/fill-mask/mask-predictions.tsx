import type { FillPrediction } from '../../../src-shared/api/fill-mask.ts';

export interface MaskPredictionsProps {
  index: number;
  position: number;
  top: FillPrediction[];
}

/** The top-k tokens at one mask, with their probabilities as bars scaled to the first. */
export function MaskPredictions({ index, position, top }: MaskPredictionsProps) {
  const best = top[0]?.prob ?? 1;
  return (
    <div className="fm-mask-card" data-testid="fill-mask-card">
      <h3>
        Mask {index + 1} <span className="muted">(token {position})</span>
      </h3>
      <table className="data">
        <tbody>
          {top.map((p, rank) => (
            <tr key={p.id}>
              <td className="muted">{rank + 1}</td>
              <td className="mono">{JSON.stringify(p.token)}</td>
              <td style={{ width: 120 }}>
                <div className="mass-bar" style={{ width: `${(p.prob / best) * 100}%` }} />
              </td>
              <td className="mono">{p.prob.toFixed(4)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
