/**
 * The study's numbers per calibration method: pooled mean, population std, extremes, the order
 * spread within a demonstration set, the mean worst order, and the prediction flip rate.
 */
import { percent } from './charts/chart-style.ts';
import type { MethodSummaryRow } from './summary-stats.ts';

export interface SummaryTableProps {
  rows: readonly MethodSummaryRow[];
}

export function SummaryTable({ rows }: SummaryTableProps) {
  const best = Math.max(...rows.map((r) => r.mean));
  return (
    <table className="ps-table ps-table--numeric" data-testid="study-summary-table">
      <thead>
        <tr>
          <th scope="col">method</th>
          <th scope="col" title="number of (seed, order) conditions">conditions</th>
          <th scope="col">mean</th>
          <th scope="col" title="population standard deviation over all conditions">std</th>
          <th scope="col">min (worst)</th>
          <th scope="col">max</th>
          <th scope="col" title="mean over seeds of best order minus worst order">order spread</th>
          <th scope="col" title="mean over seeds of the worst order's accuracy">worst order / seed</th>
          <th scope="col" title="share of test items whose prediction changes across orders (mean over seeds)">flip rate</th>
          <th scope="col" title="mean macro-F1 over conditions">macro-F1</th>
          <th scope="col" title="expected calibration error, 10 bins, mean over conditions">ECE</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.method}>
            <th scope="row">{r.method}</th>
            <td>{r.count}</td>
            <td className={r.mean === best && rows.length > 1 ? 'ps-best' : undefined}>{percent(r.mean)}</td>
            <td>{percent(r.std)}</td>
            <td>{percent(r.min)}</td>
            <td>{percent(r.max)}</td>
            <td>{percent(r.orderSpread)}</td>
            <td>{percent(r.worstPerSeed)}</td>
            <td>{r.flipRate === null ? '–' : percent(r.flipRate)}</td>
            <td>{r.macroF1 === null ? '–' : percent(r.macroF1)}</td>
            <td>{r.ece === null ? '–' : r.ece.toFixed(3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
