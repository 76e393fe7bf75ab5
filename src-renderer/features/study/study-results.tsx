/**
 * A finished run's charts and summary table. Every chart option is built once per result
 * (useMemo) from data already reduced in the backend or downsampled here.
 */
import { useCallback, useMemo, useState } from 'react';
import { ChartCard, type ChartClick } from '../../components/chart-card.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { percent, type AccuracyBaselines } from './charts/chart-style.ts';
import { contentFreeOption } from './charts/content-free-chart.ts';
import { entropyOption } from './charts/entropy-chart.ts';
import { probingLine } from '../../../src-shared/experiments/probing-text.ts';
import { labelDistributionOption } from './charts/label-distribution-chart.ts';
import { labelPattern, majorityLabelOption, majorityPatterns } from './charts/majority-label-chart.ts';
import { methodDistributionOption } from './charts/method-distribution-chart.ts';
import { orderAccuracyOption } from './charts/order-accuracy-chart.ts';
import { recencyOption } from './charts/recency-chart.ts';
import { reliabilityOption } from './charts/reliability-chart.ts';
import './charts/echarts-setup.ts';
import { methodSummaries } from './summary-stats.ts';
import { SummaryTable } from './summary-table.tsx';
import { ConditionDetailPanel } from './condition-detail.tsx';
import type { ConditionRef } from './condition-slice.ts';
import { StudyHeadlineCard } from './study-headline.tsx';
import { RunSpecCard } from './run-spec-card.tsx';
import { StudyAttentionCard } from './study-attention-card.tsx';
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
  const openCondition = useAppState((s) => s.condition.open);
  const [orderMethod, setOrderMethod] = useState(methods[0] ?? 'none');
  // The run's own label words (its spec), not the form's current ones.
  const runLabels = useMemo(() => (detail.spec as { task?: { labels?: Record<string, string | string[]> } } | null)?.task?.labels ?? {}, [detail.spec]);
  const word = useCallback(
    (l: string) => {
      const w = runLabels[l] ?? labelWords[l];
      return (Array.isArray(w) ? w[0] : w) ?? l;
    },
    [runLabels, labelWords],
  );
  const labelNames = useMemo(() => Object.fromEntries(details.classes.map((l) => [l, word(l) !== l ? `${word(l)} (${l})` : l])), [details.classes, word]);
  const baselines = useMemo<AccuracyBaselines>(() => {
    const shares = details.classes.map((c) => ({ label: c, rate: details.goldDistribution[c] ?? 0 }));
    const top = shares.reduce((a, b) => (b.rate > a.rate ? b : a), shares[0]);
    return { chance: 1 / Math.max(1, details.classes.length), majority: top ? { rate: top.rate, label: labelNames[top.label] ?? top.label } : null };
  }, [details, labelNames]);
  const orderLabels = analysis.orderLabels;
  const orderName = useCallback((ref: ConditionRef) => (orderLabels?.[`${ref.seed}/${ref.orderIndex}`] ?? []).map(word).join(' ') || 'zero-shot', [orderLabels, word]);
  const open = (ref: ConditionRef, group?: { title: string; refs: ConditionRef[] }) => void openCondition(detail.item.runId, ref, group ?? null);
  const openFromItem = (p: ChartClick) => {
    const d = p.data as { seed?: number; orderIndex?: number } | number[] | null;
    if (Array.isArray(d) && d.length >= 4) return open({ seed: d[2], orderIndex: d[3] });
    if (d && !Array.isArray(d) && typeof d.seed === 'number' && typeof d.orderIndex === 'number') open({ seed: d.seed, orderIndex: d.orderIndex });
  };
  const openMajorityGroup = (p: ChartClick) => {
    const pattern = majorityPatterns(analysis)[p.dataIndex];
    if (pattern === undefined) return;
    const refs = Object.entries(analysis.orderLabels ?? {})
      .filter(([, labels]) => labelPattern(labels, details.classes) === pattern)
      .map(([k]) => ({ seed: Number(k.split('/')[0]), orderIndex: Number(k.split('/')[1]) }))
      .sort((a, b) => a.seed - b.seed || a.orderIndex - b.orderIndex);
    if (refs.length > 0) open(refs[0], { title: `${refs.length} conditions with demonstration labels ${pattern}`, refs });
  };

  const options = useMemo(
    () => ({
      distribution: methodDistributionOption([{ name: detail.item.name, conditions }], methods, baselines),
      labels: labelDistributionOption(analysis, labelNames),
      contentFree: contentFreeOption(analysis, labelNames),
      reliability: reliabilityOption(analysis),
      majority: majorityLabelOption(analysis),
      recency: recencyOption(analysis),
      entropy: entropyOption(analysis, baselines),
    }),
    [analysis, conditions, methods, baselines, detail.item.name, labelNames],
  );
  const orderOption = useMemo(
    () => orderAccuracyOption(conditions, orderMethod, baselines, (seed, orderIndex) => orderName({ seed, orderIndex })),
    [conditions, orderMethod, baselines, orderName],
  );
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
        <RunSpecCard spec={detail.spec} runName={detail.item.name} />
        <StudyHeadlineCard
          conditions={conditions}
          methods={methods}
          classes={details.classes}
          goldShares={details.goldDistribution}
          labelWord={word}
          orderName={orderName}
          onOpen={(ref) => open(ref)}
        />
        <SummaryTable rows={rows} />
      </section>

      <ConditionDetailPanel labelWords={Object.fromEntries(details.classes.map((c) => [c, [word(c)]]))} />

      <ChartCard title="Accuracy per order, sorted within each seed" option={orderOption} heightPx={340} testId="chart-order-accuracy" onItemClick={openFromItem}>
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
        <ChartCard title="Accuracy distribution per calibration method" option={options.distribution} testId="chart-method-distribution" onItemClick={(p) => p.seriesName === 'conditions' && openFromItem(p)}>
          <p className="muted ps-chart-note">Each point is one (seed, order) condition (click one to open it); boxes show quartiles.</p>
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
        <ChartCard title="Majority-label bias" option={options.majority} testId="chart-majority" onItemClick={openMajorityGroup}>
          <p className="muted ps-chart-note">How often the prediction is the demonstrations' most common label; click a group to open its conditions.</p>
        </ChartCard>
        <ChartCard title="Recency bias" option={options.recency} testId="chart-recency">
          <p className="muted ps-chart-note">How often the prediction equals the last demonstration's label.</p>
        </ChartCard>
      </div>
      <StudyAttentionCard runId={detail.item.runId} conditions={new Set(conditions.map((c) => `${c.seed}/${c.orderIndex}`)).size} examples={details.testExamples} />
      <ChartCard title="Entropy probes vs accuracy" option={options.entropy} heightPx={340} testId="chart-entropy" onItemClick={openFromItem}>
        <p className="muted ps-chart-note" data-testid="entropy-note">
          GlobalE and LocalE per order (Lu et al. 2022): a positive ρ means high-entropy orders are the good ones. Top-4 orders by GlobalE average{' '}
          {pct(details.entropy.globalE.topKMean)}, by LocalE {pct(details.entropy.localE.topKMean)}; all orders {pct(details.entropy.allOrdersMean)}; best possible{' '}
          {pct(details.entropy.oracleMean)}.
        </p>
        <p className="muted ps-chart-note" data-testid="probing-source">
          Probing set: {probingLine(details.entropy.probing)}.
        </p>
      </ChartCard>
      <InsidePanel runId={detail.item.runId} conditions={[...new Set(conditions.map((c) => `${c.seed}/${c.orderIndex}`))]} />
    </div>
  );
}
