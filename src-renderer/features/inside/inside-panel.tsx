/**
 * Inside the model, for the run the Study view shows: the label lens per layer (best vs worst
 * order, clean vs flipped labels), one-head-at-a-time ablation as a layer x head heat map, the
 * label-word knockout, and demonstration attribution beside the attention mass of the same prompt.
 */
import { useMemo } from 'react';
import { ChartCard } from '../../components/chart-card.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { MassPanel } from '../attention/mass-panel.tsx';
import '../study/charts/echarts-setup.ts';
import { attributionOption, headHeatMapOption, lensOption } from './inside-charts.ts';
import type { InsideAnalysis } from './inside-slice.ts';
import { KnockoutTable } from './knockout-table.tsx';
import './inside.css';

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');

function SampleNote({ examples, testCount }: { examples: number; testCount: number }) {
  return examples < testCount ? <span className="badge" data-testid="inside-sample-note">first {examples} of {testCount} test examples</span> : null;
}

export interface InsidePanelProps {
  runId: string;
  /** The run's conditions as SEED/ORDER, for the condition picker. */
  conditions: string[];
}

export function InsidePanel({ runId, conditions }: InsidePanelProps) {
  const s = useAppState((st) => st.inside);
  const mine = s.runId === runId;
  const lensOrders = mine ? s.lensOrders : null;
  const lensFlip = mine ? s.lensFlip : null;
  const heads = mine ? s.heads : null;
  const knockout = mine ? s.knockout : null;
  const attribute = mine ? s.attribute : null;
  const options = useMemo(
    () => ({
      lensOrders: lensOrders && lensOption(lensOrders),
      lensFlip: lensFlip && lensOption(lensFlip),
      heads: heads && headHeatMapOption(heads),
      attribute: attribute && attributionOption(attribute),
    }),
    [lensOrders, lensFlip, heads, attribute],
  );
  const button = (analysis: InsideAnalysis, label: string) => (
    <button className="btn" disabled={s.busy !== null} onClick={() => void s.compute(runId, analysis)} data-testid={`inside-run-${analysis}`}>
      {s.busy === analysis ? 'Computing…' : label}
    </button>
  );
  return (
    <section className="card stack ps-inside" data-testid="inside-panel">
      <div className="row">
        <h2 style={{ margin: 0 }}>Inside the model</h2>
        <span className="muted ps-small">forward passes only; each analysis scores the condition&apos;s prompts again</span>
      </div>
      <div className="row ps-inside-controls">
        <label className="row ps-small">
          condition
          <select value={s.options.condition} onChange={(e) => s.setOptions({ condition: e.target.value })} data-testid="inside-condition">
            <option value="best">best order</option>
            <option value="worst">worst order</option>
            {conditions.map((c) => (
              <option key={c} value={c}>
                seed {c.replace('/', ', order ')}
              </option>
            ))}
          </select>
        </label>
        <label className="row ps-small">
          test examples
          <input type="number" min={1} max={1000} value={s.options.sample} onChange={(e) => s.setOptions({ sample: Math.max(1, Number(e.target.value) || 1) })} style={{ width: 72 }} data-testid="inside-sample" />
        </label>
        <label className="row ps-small">
          head mask at
          <select value={s.options.scope} onChange={(e) => s.setOptions({ scope: e.target.value as 'all' | 'suffix' })} data-testid="inside-scope">
            <option value="all">every token</option>
            <option value="suffix">query tokens only</option>
          </select>
        </label>
      </div>
      <div className="row">
        {button('lensOrders', 'Lens: best vs worst order')}
        {button('lensFlip', 'Lens: clean vs flipped labels')}
        {button('heads', 'Ablate each head')}
        {button('knockout', 'Knock out label words')}
        {button('attribute', 'Attribute to demonstrations')}
      </div>
      <ErrorBox error={mine ? s.error : null} testId="inside-error" />

      {[lensOrders && options.lensOrders ? { key: 'orders', r: lensOrders, o: options.lensOrders } : null, lensFlip && options.lensFlip ? { key: 'flip', r: lensFlip, o: options.lensFlip } : null].map((x) =>
        x ? (
          <ChartCard key={x.key} title={x.key === 'orders' ? 'Label lens: best vs worst order' : 'Label lens: clean vs flipped demonstration labels'} option={x.o} heightPx={320} testId={`inside-lens-${x.key}`}>
            <div className="row ps-chart-note">
              <span className="muted ps-small">
                A: {x.r.curves[0].condition} · B: {x.r.curves[1].condition}. Each layer&apos;s hidden state at the final position through the model&apos;s own final norm and unembedding, renormalised over the labels.{' '}
                {x.r.parting.layer === null ? 'The curves do not part (no layer from which every later one differs by more than 2 standard errors).' : `They part at read point ${x.r.parting.layer}.`}
              </span>
              <SampleNote examples={x.r.examples} testCount={x.r.testCount} />
            </div>
          </ChartCard>
        ) : null,
      )}

      {heads && options.heads ? (
        <ChartCard title={`Head ablation: change in gold margin (layer × head), ${heads.condition}`} option={options.heads} heightPx={Math.max(240, 28 * heads.layers + 80)} testId="inside-heads">
          <div className="row ps-chart-note">
            <span className="muted ps-small">
              One head removed at a time ({heads.scope === 'all' ? 'at every token' : 'at the query tokens only'}); clean accuracy {f3(heads.clean.accuracy)}, margin {f3(heads.clean.margin)}. Red: removing the head lowers the gold margin (the label depends on it); blue: removing it raises the margin.
            </span>
            <SampleNote examples={heads.examples} testCount={heads.testCount} />
          </div>
        </ChartCard>
      ) : null}

      {knockout ? <KnockoutTable result={knockout} /> : null}

      {attribute && options.attribute ? (
        <div className="grid-2" style={{ alignItems: 'start' }}>
          <ChartCard title="Demonstration attribution" option={options.attribute} heightPx={300} testId="inside-attribution">
            <div className="row ps-chart-note">
              <span className="muted ps-small">
                Effect of each demonstration on the mean gold margin ({f3(attribute.full)} with all, {f3(attribute.empty)} zero-shot); Shapley seed {attribute.seed}, {attribute.subsetsScored} subsets scored.
              </span>
              <SampleNote examples={attribute.examples} testCount={attribute.testCount} />
            </div>
          </ChartCard>
          {attribute.attentionMass ? <MassPanel mass={attribute.attentionMass} layer={0} /> : <p className="muted">{attribute.attentionNote}</p>}
        </div>
      ) : null}
      {attribute ? (
        <table className="ps-inside-table" data-testid="inside-attribution-table">
          <thead>
            <tr><th>#</th><th>shows</th><th>leave-one-out</th><th>Shapley ± se</th><th>example</th></tr>
          </thead>
          <tbody>
            {attribute.demos.map((d) => (
              <tr key={d.index}>
                <td>{d.index + 1}</td><td>{d.shownWord}</td><td>{f3(d.leaveOneOut)}</td><td>{f3(d.shapley)} ± {f3(d.shapleyStandardError)}</td><td className="muted">{d.exampleId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
