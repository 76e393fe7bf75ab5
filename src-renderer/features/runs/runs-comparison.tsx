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
      <ConfigDiff comparison={comparison} />
      <PairedTests comparison={comparison} />
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

/** The spec fields in which the runs differ: what the comparison is a comparison of. */
function ConfigDiff({ comparison }: { comparison: RunsComparisonView }) {
  const diff = comparison.configDiff ?? [];
  return (
    <section className="card" data-testid="comparison-config-diff">
      <h2>What differs between the runs</h2>
      {diff.length === 0 ? (
        <p className="muted ps-small">Their specs are identical apart from the name.</p>
      ) : (
        <table className="ps-table ps-table--left">
          <thead>
            <tr>
              <th>field</th>
              {comparison.runs.map((r, i) => (
                <th key={r.item.runId}>
                  <span className="ps-swatch" style={{ background: seriesColor(i) }} /> {r.item.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {diff.map((d) => (
              <tr key={d.field}>
                <th scope="row">
                  <code>{d.field}</code>
                </th>
                {d.values.map((v, i) => (
                  <td key={i} className="ps-mono-small">
                    {v.length > 80 ? `${v.slice(0, 80)}…` : v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const DIFFERENCE_HELP =
  'Each test example\'s accuracy is averaged over its run\'s conditions; the difference is resampled over the shared examples (paired bootstrap, Koehn 2004, 2,000 resamples). McNemar (1947, exact binomial) counts the examples right in most conditions of one run and wrong in most of the other.';

/** Each run against the first on the test examples they share. */
function PairedTests({ comparison }: { comparison: RunsComparisonView }) {
  const paired = comparison.paired ?? [];
  const name = (id: string) => comparison.runs.find((r) => r.item.runId === id)?.item.name ?? id;
  if (paired.length === 0) return null;
  return (
    <section className="card" data-testid="comparison-paired">
      <h2 title={DIFFERENCE_HELP}>Paired tests on shared test examples</h2>
      <table className="ps-table">
        <thead>
          <tr>
            <th>run vs {name(paired[0].baselineRunId)}</th>
            <th>method</th>
            <th>shared examples</th>
            <th>accuracy (base → run)</th>
            <th title={DIFFERENCE_HELP}>difference [95% CI]</th>
            <th title={DIFFERENCE_HELP}>McNemar b / c, p</th>
          </tr>
        </thead>
        <tbody>
          {paired.map((p) => (
            <tr key={`${p.otherRunId}:${p.method}`}>
              <th scope="row">{name(p.otherRunId)}</th>
              <td>{p.method}</td>
              <td>{p.sharedExamples}</td>
              <td>
                {percent(p.baselineAccuracy)} → {percent(p.otherAccuracy)}
              </td>
              <td>
                {signedPts(p.difference.estimate)} [{signedPts(p.difference.low)}, {signedPts(p.difference.high)}]
              </td>
              <td>
                {p.mcnemar.b} / {p.mcnemar.c}, p = {p.mcnemar.pValue < 0.001 ? '<0.001' : p.mcnemar.pValue.toFixed(3)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function signedPts(v: number): string {
  return `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)} pts`;
}
