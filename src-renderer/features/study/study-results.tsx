/**
 * A finished run's charts and summary table. Every chart option is built once per result
 * (useMemo) from data already reduced in the backend or downsampled here.
 */
import { useMemo, useState } from 'react';
import { ChartCard } from '../../components/chart-card.tsx';
import { percent } from './charts/chart-style.ts';
import { contentFreeOption } from './charts/content-free-chart.ts';
import { entropyOption } from './charts/entropy-chart.ts';
import { labelDistributionOption } from './charts/label-distribution-chart.ts';
import { majorityLabelOption } from './charts/majority-label-chart.ts';
import { methodDistributionOption } from './charts/method-distribution-chart.ts';
import { orderAccuracyOption } from './charts/order-accuracy-chart.ts';
import { recencyOption } from './charts/recency-chart.ts';
import { reliabilityOption } from './charts/reliability-chart.ts';
import './charts/echarts-setup.ts';
import { methodSummaries } from './summary-stats.ts';
import { SummaryTable } from './summary-table.tsx';
import { InsidePanel } from '../inside/inside-panel.tsx';
import type { StudyResult } from './study-slice.ts';

export interface StudyResultsProps {
  result: StudyResult;
  labelWords: Record<string, string[]>;
}

const pct = (v: number | null) => (v === null ? '–' : percent(v));

export function StudyResults({ result, labelWords }: StudyResultsProps) {
  const { detail, analysis } = result;
  const conditions = detail.summary.conditions;
  const details = analysis.details;
  const methods = details.methods;
  const chance = 1 / Math.max(1, details.classes.length);
  const [orderMethod, setOrderMethod] = useState(methods[0] ?? 'none');
  const labelNames = useMemo(
    () => Object.fromEntries(details.classes.map((l) => [l, labelWords[l]?.[0] ? `${labelWords[l][0]} (${l})` : l])),
    [details.classes, labelWords],
  );

  const options = useMemo(
    () => ({
      distribution: methodDistributionOption([{ name: detail.item.name, conditions }], methods, chance),
      labels: labelDistributionOption(analysis, labelNames),
      contentFree: contentFreeOption(analysis, labelNames),
      reliability: reliabilityOption(analysis),
      majority: majorityLabelOption(analysis),
      recency: recencyOption(analysis),
      entropy: entropyOption(analysis),
    }),
    [analysis, conditions, methods, chance, detail.item.name, labelNames],
  );
  const orderOption = useMemo(() => orderAccuracyOption(conditions, orderMethod, chance), [conditions, orderMethod, chance]);
  const rows = useMemo(() => methodSummaries(details), [details]);
  const seeds = new Set(conditions.map((c) => c.seed)).size;
  const orders = new Set(conditions.map((c) => `${c.seed}:${c.orderIndex}`)).size / Math.max(1, seeds);

  return (
    <div className="ps-study-results" data-testid="study-results">
      <section className="card stack">
        <div className="row">
          <h2 style={{ margin: 0 }}>{detail.item.name}</h2>
          <span className="badge">{detail.item.status}</span>
          <span className="muted ps-small">
            {detail.summary.model.name} · {seeds} seeds × {orders} orders · {methods.join(', ')} · run <code>{detail.item.runId}</code>
          </span>
        </div>
        <SummaryTable rows={rows} />
      </section>

      <ChartCard title="Accuracy per order, sorted within each seed" option={orderOption} heightPx={340} testId="chart-order-accuracy">
        <div className="row ps-chart-note">
          <span className="muted">How much reordering the same demonstrations moves accuracy (Lu et al. 2022).</span>
          <span className="spacer" />
          <label className="row ps-small">
            method
            <select value={orderMethod} onChange={(e) => setOrderMethod(e.target.value)} data-testid="order-method">
              {methods.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </label>
        </div>
      </ChartCard>

      <div className="ps-chart-grid">
        <ChartCard title="Accuracy distribution per calibration method" option={options.distribution} testId="chart-method-distribution">
          <p className="muted ps-chart-note">Each point is one (seed, order) condition; boxes show quartiles.</p>
        </ChartCard>
        <ChartCard title="Predicted labels vs gold" option={options.labels} testId="chart-label-distribution">
          <p className="muted ps-chart-note">Share of test predictions per label; a bar far above gold is label bias.</p>
        </ChartCard>
        <ChartCard title="p_cf per content-free input" option={options.contentFree} testId="chart-content-free">
          <p className="muted ps-chart-note">What the model answers for an input that says nothing (Zhao et al. 2021).</p>
        </ChartCard>
        <ChartCard title="Reliability diagram" option={options.reliability} testId="chart-reliability">
          <p className="muted ps-chart-note">Accuracy against confidence; the diagonal is perfect calibration.</p>
        </ChartCard>
        <ChartCard title="Majority-label bias" option={options.majority} testId="chart-majority">
          <p className="muted ps-chart-note">How often the prediction is the demonstrations' most common label.</p>
        </ChartCard>
        <ChartCard title="Recency bias" option={options.recency} testId="chart-recency">
          <p className="muted ps-chart-note">How often the prediction equals the last demonstration's label.</p>
        </ChartCard>
      </div>
      <ChartCard title="Entropy probes vs accuracy" option={options.entropy} heightPx={340} testId="chart-entropy">
        <p className="muted ps-chart-note" data-testid="entropy-note">
          GlobalE and LocalE per order (Lu et al. 2022): a positive ρ means high-entropy orders are the good ones. Top-4 orders by GlobalE average{' '}
          {pct(details.entropy.globalE.topKMean)}, by LocalE {pct(details.entropy.localE.topKMean)}; all orders {pct(details.entropy.allOrdersMean)}; best possible{' '}
          {pct(details.entropy.oracleMean)}.
        </p>
      </ChartCard>
      <InsidePanel runId={detail.item.runId} conditions={[...new Set(conditions.map((c) => `${c.seed}/${c.orderIndex}`))]} />
    </div>
  );
}
