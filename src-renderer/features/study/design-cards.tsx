/**
 * The Study view's cards for a run with design axes (templates, label words, label corruption,
 * shots): what the design was (and whether this is a budget sample of it), accuracy per axis value,
 * each axis's spread, the variance each factor explains and the template ensemble. A click on a
 * point opens that condition; a click on a bar opens the conditions it averages.
 */
import { useMemo, useState } from 'react';
import type { ConditionResult, DesignSummary } from '../../../src-shared/experiments/summary-types.ts';
import { ChartCard, type ChartClick } from '../../components/chart-card.tsx';
import { percent } from './charts/chart-style.ts';
import { axisValueOption, conditionsWith, ensembleOption, shortValue, spreadOption, varianceOption, type DesignRef } from './charts/design-charts.ts';
import type { ConditionGroup } from './condition-slice.ts';

export interface DesignCardsProps {
  design: DesignSummary;
  conditions: ConditionResult[];
  methods: string[];
  onOpen: (ref: DesignRef, group?: ConditionGroup) => void;
}

const refOf = (c: ConditionResult): DesignRef => ({ seed: c.seed, orderIndex: c.orderIndex, cell: c.cell ?? 0 });
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

/** A condition's level on a factor of the variance split: an axis value, its seed or its order. */
function levelOf(c: ConditionResult, factor: string): string {
  if (factor === 'seed') return String(c.seed);
  if (factor === 'order') return String(c.orderIndex);
  return c.axes?.[factor] ?? '';
}

export function DesignCards({ design, conditions, methods, onOpen }: DesignCardsProps) {
  const [method, setMethod] = useState(methods[0] ?? 'none');
  const m = methods.includes(method) ? method : methods[0];
  const axisOptions = useMemo(() => design.axes.map((a) => ({ axis: a.name, option: axisValueOption(design, conditions, a.name, m) })), [design, conditions, m]);
  const spread = useMemo(() => spreadOption(design, m), [design, m]);
  const variance = useMemo(() => varianceOption(design), [design]);
  const ensemble = useMemo(() => (design.templateEnsemble ? ensembleOption(design) : null), [design]);

  const openGroup = (rows: ConditionResult[], title: string) => {
    if (rows.length === 0) return;
    onOpen(refOf(rows[0]), { title, refs: rows.map(refOf) });
  };
  /** The conditions at a factor's best level (highest mean accuracy under `method`). */
  const openBestLevel = (factor: string, method: string) => {
    const rows = conditions.filter((c) => c.method === method);
    const levels = [...new Set(rows.map((c) => levelOf(c, factor)))];
    const best = levels.map((l) => ({ l, acc: mean(rows.filter((c) => levelOf(c, factor) === l).map((c) => c.accuracy)) })).reduce((a, b) => (b.acc > a.acc ? b : a));
    openGroup(
      rows.filter((c) => levelOf(c, factor) === best.l),
      `${factor} = ${shortValue(best.l, 48)}: the best level under ${method} (mean ${percent(best.acc)})`,
    );
  };
  const onAxisClick = (axis: string) => (p: ChartClick) => {
    const d = p.data as { seed?: number; orderIndex?: number; cell?: number; axisValue?: string } | null;
    if (!d) return;
    if (p.seriesName === 'conditions' && typeof d.seed === 'number') return onOpen({ seed: d.seed, orderIndex: d.orderIndex!, cell: d.cell ?? 0 });
    if (d.axisValue !== undefined) openGroup(conditionsWith(conditions, m, axis, d.axisValue), `${axis} = ${shortValue(d.axisValue, 48)} (${m})`);
  };
  const onEnsembleClick = () => {
    // The first (seed, order, other axes) whose conditions differ only in template: the ensemble's members.
    const rows = conditions.filter((c) => c.method === m);
    const first = rows[0];
    if (!first) return;
    const { template: _template, ...others } = first.axes ?? {};
    const members = rows.filter((c) => c.seed === first.seed && c.orderIndex === first.orderIndex && Object.entries(others).every(([k, v]) => c.axes?.[k] === v));
    openGroup(members, `the ${members.length} templates of one ensemble (seed ${first.seed}, order ${first.orderIndex})`);
  };

  const scope = design.sample
    ? `a budget sample of ${design.sample.conditions} of the design's ${design.sample.of} conditions (seed ${design.sample.seed}); every number estimates the full design`
    : `all ${design.conditionsInDesign} conditions of the design`;

  return (
    <section className="stack" data-testid="design-cards">
      <section className="card stack">
        <h2 style={{ margin: 0 }}>Design axes</h2>
        <p className="ps-small" data-testid="design-scope">
          {design.axes.map((a) => `${a.name} (${a.values.length})`).join(' × ')} = {design.cells} cells, crossed with seeds and orders: {scope}
          {design.corruption ? `; corrupted demonstrations show ${design.corruption === 'flip' ? 'the next class (flip)' : 'a uniformly drawn class (random)'}` : ''}.
        </p>
        {design.estimate ? (
          <p className="ps-small" data-testid="design-estimate">
            {design.estimate.map((e) => `${e.method}: ${percent(e.mean)} ± ${e.se === null ? '–' : percent(e.se)} (standard error)`).join(' · ')}
          </p>
        ) : null}
        <label className="row ps-small">
          method
          <select value={m} onChange={(e) => setMethod(e.target.value)} data-testid="design-method">
            {methods.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
      </section>
      <div className="ps-chart-grid">
        {axisOptions.map(({ axis, option }) => (
          <ChartCard key={axis} title={`Accuracy per ${axis}`} option={option} testId={`chart-axis-${axis}`} onItemClick={onAxisClick(axis)}>
            <p className="muted ps-chart-note">Bars: the mean over every other factor; points: each condition (click one to open it, or a bar for its conditions).</p>
          </ChartCard>
        ))}
        <ChartCard title="Spread per axis" option={spread} testId="chart-axis-spread" onItemClick={(p) => openBestLevel((p.data as { axis: string }).axis, m)}>
          <p className="muted ps-chart-note">
            Over each axis&apos;s values: range and std; MaxP, AvgP and CPS = MaxP × (1 − (MaxP − median)) (Mizrahi et al. 2024). Click an axis for its best value&apos;s conditions.
          </p>
        </ChartCard>
        <ChartCard
          title="Variance explained per factor"
          option={variance}
          testId="chart-variance"
          onItemClick={(p) => {
            const d = p.data as { factor: string | null; method: string };
            if (d.factor) openBestLevel(d.factor, d.method);
          }}
        >
          <p className="muted ps-chart-note">Main-effect sum of squares over the total, per factor; the rest is interactions and noise. Click a factor for its best level&apos;s conditions.</p>
        </ChartCard>
        {ensemble ? (
          <ChartCard title="Template ensemble" option={ensemble} testId="chart-template-ensemble" onItemClick={onEnsembleClick}>
            <p className="muted ps-chart-note">Label distributions averaged over the templates per test example, then argmax, against one template. Click to open one ensemble&apos;s templates.</p>
          </ChartCard>
        ) : null}
      </div>
    </section>
  );
}
