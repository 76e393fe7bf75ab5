/**
 * Two or more runs side by side: aggregates per calibration method in one table, and their
 * accuracy distributions overlaid (one colour per run) and mean ± std bars.
 */
import { useMemo } from 'react';
import { ChartCard } from '../../components/chart-card.tsx';
import { baseOption, categoryAxis, legend, percent, valueAxis } from '../study/charts/chart-style.ts';
import '../study/charts/echarts-setup.ts';
import type { ChartOption } from '../study/charts/echarts-setup.ts';
import { methodDistributionOption } from '../study/charts/method-distribution-chart.ts';
import { seriesColor } from '../study/charts/palette.ts';
import type { RunsComparisonView } from './runs-slice.ts';

/** Mean accuracy per method, one bar per run; the population std is in the tooltip. */
export function meanBarsOption(comparison: RunsComparisonView): ChartOption {
  return {
    ...baseOption(),
    legend: legend(0),
    grid: { left: 64, right: 24, top: 40, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const item = p as { seriesName: string; name: string; data: { value: number; std: number } };
        return `${item.seriesName}<br/>${item.name}: mean ${percent(item.data.value)} ± ${percent(item.data.std)}`;
      },
    },
    xAxis: categoryAxis('calibration method', comparison.methods),
    yAxis: valueAxis('mean accuracy (± std)', { percent: true, min: 0, max: 1 }),
    series: comparison.runs.flatMap((run, i) => [
      {
        type: 'bar',
        name: run.item.name,
        itemStyle: { color: seriesColor(i) },
        barMaxWidth: 40,
        data: comparison.methods.map((m) => ({ value: run.aggregate[m]?.mean ?? null, std: run.aggregate[m]?.std ?? 0 })),
        label: { show: true, position: 'top', fontSize: 11, formatter: (p: { value: number }) => (p.value === null ? '' : percent(p.value, 0)) },
      },
    ]),
  } as ChartOption;
}

export function RunsComparison({ comparison }: { comparison: RunsComparisonView }) {
  const distribution = useMemo(() => {
    const groups = comparison.details.map((d) => ({ name: d.item.name, conditions: d.summary.conditions }));
    return methodDistributionOption(groups, comparison.methods, null);
  }, [comparison]);
  const means = useMemo(() => meanBarsOption(comparison), [comparison]);
  return (
    <div className="stack" data-testid="runs-comparison">
      <section className="card">
        <h2>Aggregates per method</h2>
        <table className="ps-table" data-testid="comparison-table">
          <thead>
            <tr>
              <th>run</th>
              <th>model</th>
              {comparison.methods.map((m) => (
                <th key={m} colSpan={1}>
                  {m} mean ± std [min, max]
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {comparison.runs.map((run, i) => (
              <tr key={run.item.runId}>
                <th scope="row">
                  <span className="ps-swatch" style={{ background: seriesColor(i) }} /> {run.item.name}
                </th>
                <td>{run.item.model}</td>
                {comparison.methods.map((m) => {
                  const a = run.aggregate[m];
                  return <td key={m}>{a ? `${percent(a.mean)} ± ${percent(a.std)} [${percent(a.min, 0)}, ${percent(a.max, 0)}]` : '–'}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="ps-chart-grid">
        <ChartCard title="Accuracy distributions overlaid" option={distribution} testId="chart-compare-distribution">
          <p className="muted ps-chart-note">One colour per run; each point is a (seed, order) condition.</p>
        </ChartCard>
        <ChartCard title="Mean accuracy per method" option={means} testId="chart-compare-means">
          <p className="muted ps-chart-note">Hover a bar for its population standard deviation.</p>
        </ChartCard>
      </div>
    </div>
  );
}
