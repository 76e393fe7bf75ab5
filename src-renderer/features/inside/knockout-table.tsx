import type { InsideSampleInfo } from '../../../src-shared/api/inside.ts';
import type { LabelKnockout } from '../../../src-shared/inside/inside-results.ts';

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');

/** The label-word knockout against its control: accuracy and gold margin, and their changes. */
export function KnockoutTable({ result }: { result: LabelKnockout & InsideSampleInfo }) {
  const rows = [
    { name: 'clean', o: result.clean, d: null },
    { name: `final position blocked from ${result.labelTokens} label-word tokens`, o: result.labelWords, d: result.labelWords },
    { name: `control: ${result.labelTokens} other demonstration tokens (seed ${result.controlSeed})`, o: result.control, d: result.control },
  ];
  return (
    <div className="stack" data-testid="inside-knockout">
      <h3 style={{ margin: 0 }}>Label-word knockout, {result.condition}</h3>
      <span className="muted ps-small">
        Layers {result.layers.join(', ')}; {result.examples} of {result.testCount} test examples. A drop beyond the control means the final position reads the label words (Wang et al. 2023).
      </span>
      <table className="ps-inside-table">
        <thead>
          <tr><th /><th>accuracy</th><th>margin</th><th>Δ accuracy</th><th>Δ margin</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td>{r.name}</td><td>{f3(r.o.accuracy)}</td><td>{f3(r.o.margin)}</td><td>{r.d ? f3(r.d.deltaAccuracy) : ''}</td><td>{r.d ? f3(r.d.deltaMargin) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
