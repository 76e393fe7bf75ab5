/**
 * The drill-down of one (seed, order): its demonstrations in prompt order with their labels,
 * p_cf, the full prompt of a chosen test example (rebuilt by the study runner's prompt code), and
 * every test example with gold, the prediction under each calibration and the label
 * probabilities. Filters: wrong only (under one method), and examples whose prediction flips
 * across this seed's orders. A row opens in the Attention view with its exact prompt.
 */
import { useMemo, useState } from 'react';
import type { AttentionSpan } from '../../../src-shared/api/attention.ts';
import type { ConditionDetail } from '../../../src-shared/api/conditions.ts';
import { ErrorBox } from '../../components/error-box.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { percent } from './charts/chart-style.ts';

const PAGE = 100;

/** The prompt's named parts for the attention view: the condition's prefix spans and this query. */
function spansFor(detail: ConditionDetail, query: string): AttentionSpan[] {
  return [...detail.prefixSpans, { name: 'query', kind: 'query', start: detail.prefix.length, end: detail.prefix.length + query.length }];
}

export function ConditionDetailPanel({ labelWords }: { labelWords: Record<string, string[]> }) {
  const c = useAppState((s) => s.condition);
  const openAttention = useAppState((s) => s.attention.openWith);
  const detail = c.detail;
  const [method, setMethod] = useState<string | null>(null);
  const [wrongOnly, setWrongOnly] = useState(false);
  const [flipsOnly, setFlipsOnly] = useState(false);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);

  const m = method && detail?.methods.includes(method) ? method : (detail?.methods.at(-1) ?? 'none');
  const rows = useMemo(
    () => (detail ? detail.examples.filter((e) => (!wrongOnly || e.predicted[m] !== e.gold) && (!flipsOnly || e.flips[m])) : []),
    [detail, wrongOnly, flipsOnly, m],
  );
  if (!c.ref) return null;
  const word = (label: string) => labelWords[label]?.[0] ?? label;
  const example = detail?.examples.find((e) => e.exampleId === selected) ?? detail?.examples[0] ?? null;
  const shown = rows.slice(page * PAGE, (page + 1) * PAGE);

  return (
    <section className="card stack ps-condition" data-testid="condition-detail" data-seed={c.ref.seed} data-order={c.ref.orderIndex} data-cell={c.ref.cell ?? 0}>
      <div className="row">
        <h2 style={{ margin: 0 }}>
          Condition: seed {c.ref.seed}, {c.ref.cell ? `cell ${c.ref.cell}, ` : ''}order {c.ref.orderIndex}
        </h2>
        {detail ? <span className="badge">labels {detail.demonstrations.map((d) => d.labelWord).join(' → ') || 'none (zero-shot)'}</span> : null}
        {c.group ? <span className="muted ps-small">{c.group.title}</span> : null}
        <span className="spacer" />
        <button className="btn btn-small" onClick={c.close} data-testid="condition-close">
          Close
        </button>
      </div>
      {c.group && c.group.refs.length > 1 ? (
        <div className="row ps-small">
          <span className="muted">conditions in this group:</span>
          {c.group.refs.slice(0, 24).map((r) => (
            <button
              key={`${r.seed}/${r.orderIndex}/${r.cell ?? 0}`}
              className="btn btn-small"
              aria-pressed={r.seed === c.ref!.seed && r.orderIndex === c.ref!.orderIndex && (r.cell ?? 0) === (c.ref!.cell ?? 0)}
              onClick={() => void c.open(c.runId!, r, c.group)}
            >
              {r.seed}/{r.orderIndex}
              {r.cell ? `/${r.cell}` : ''}
            </button>
          ))}
          {c.group.refs.length > 24 ? <span className="muted">… {c.group.refs.length - 24} more</span> : null}
        </div>
      ) : null}
      {detail && Object.keys(detail.axes).length > 0 ? (
        <dl className="ps-condition__axes ps-small" data-testid="condition-axes">
          {Object.entries(detail.axes).map(([axis, value]) => (
            <div key={axis} className="row" data-axis={axis}>
              <dt className="muted">{axis}</dt>
              <dd>
                <code>{value}</code>
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <ErrorBox error={c.error} testId="condition-error" />
      {c.loading ? <p className="muted">Loading the condition…</p> : null}
      {detail ? (
        <>
          <div className="ps-condition__grid">
            <div className="stack">
              <h3>Demonstrations, in prompt order</h3>
              <ol className="ps-demos" data-testid="condition-demos">
                {detail.demonstrations.map((d) => (
                  <li key={d.exampleId} className={d.dropped ? 'ps-dropped' : undefined}>
                    <span className="badge accent">{d.labelWord}</span>
                    {d.shown !== undefined ? (
                      <span className="badge danger" data-testid="demo-corrupted">
                        shown {d.shown}, gold {d.gold}
                      </span>
                    ) : null}
                    <span className="ps-demos__text">{d.text}</span>
                    <code className="muted ps-small">{d.exampleId}</code>
                    {d.dropped ? <span className="badge danger">dropped to fit the context</span> : null}
                  </li>
                ))}
              </ol>
              <div className="kv">
                {detail.methods.map((x) => (
                  <div key={x} style={{ display: 'contents' }}>
                    <dt>accuracy, {x}</dt>
                    <dd data-testid={`condition-accuracy-${x}`}>{percent(detail.accuracy[x])}</dd>
                  </div>
                ))}
                <dt title="The renormalised label probabilities averaged over the content-free inputs (Zhao et al. 2021)">p_cf</dt>
                <dd data-testid="condition-pcf">{detail.contentFree ? detail.classes.map((k) => `${word(k)} ${percent(detail.contentFree![k])}`).join(' · ') : 'no content-free inputs'}</dd>
                {detail.contentFreeInputs.map((r) => (
                  <div key={r.input} style={{ display: 'contents' }}>
                    <dt className="ps-small">p for {JSON.stringify(r.input)}</dt>
                    <dd className="ps-small">{detail.classes.map((k) => `${word(k)} ${percent(r.probs[k])}`).join(' · ')}</dd>
                  </div>
                ))}
              </div>
            </div>
            <div className="stack">
              <div className="row">
                <h3 style={{ margin: 0 }}>Full prompt for {example?.exampleId ?? '—'}</h3>
                <span className="spacer" />
                {example ? (
                  <button className="btn btn-small" onClick={() => void openAttention(detail.prefix + example.query, spansFor(detail, example.query))} data-testid="condition-open-attention">
                    Attention…
                  </button>
                ) : null}
              </div>
              <pre className="ps-token-strip ps-condition__prompt" data-testid="condition-prompt">
                {example ? detail.prefix + example.query : detail.prefix}
              </pre>
            </div>
          </div>

          <div className="row">
            <h3 style={{ margin: 0 }}>Test examples</h3>
            <label className="row ps-small">
              method
              <select value={m} onChange={(e) => setMethod(e.target.value)} data-testid="condition-method">
                {detail.methods.map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </label>
            <label className="ps-check ps-small">
              <input type="checkbox" checked={wrongOnly} onChange={(e) => (setWrongOnly(e.target.checked), setPage(0))} data-testid="condition-wrong-only" /> wrong only
            </label>
            <label className="ps-check ps-small" title="The prediction under this method differs in at least one other order of the same demonstrations">
              <input type="checkbox" checked={flipsOnly} onChange={(e) => (setFlipsOnly(e.target.checked), setPage(0))} data-testid="condition-flips-only" /> flips across orders
            </label>
            <span className="spacer" />
            <span className="muted ps-small" data-testid="condition-row-count">
              {rows.length.toLocaleString()} of {detail.examples.length.toLocaleString()} examples
            </span>
            {rows.length > PAGE ? (
              <>
                <button className="btn btn-small" disabled={page === 0} onClick={() => setPage(page - 1)}>
                  ‹
                </button>
                <button className="btn btn-small" disabled={(page + 1) * PAGE >= rows.length} onClick={() => setPage(page + 1)}>
                  ›
                </button>
              </>
            ) : null}
          </div>
          <table className="data ps-condition__table" data-testid="condition-examples">
            <thead>
              <tr>
                <th>example</th>
                <th>text</th>
                <th>gold</th>
                {detail.methods.map((x) => (
                  <th key={x}>{x}</th>
                ))}
                {detail.classes.map((k) => (
                  <th key={k}>p({word(k)})</th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.exampleId} className={e.exampleId === example?.exampleId ? 'selected' : undefined} onClick={() => setSelected(e.exampleId)} data-example-id={e.exampleId}>
                  <td>
                    <code>{e.exampleId}</code>
                  </td>
                  <td className="ps-condition__text">{e.text}</td>
                  <td>{word(e.gold)}</td>
                  {detail.methods.map((x) => (
                    <td key={x} className={e.predicted[x] === e.gold ? 'ps-right' : 'ps-wrong'}>
                      {word(e.predicted[x])} {e.predicted[x] === e.gold ? '✓' : '✗'}
                      {e.flips[x] ? <span title="flips across orders"> ⇄</span> : null}
                    </td>
                  ))}
                  {detail.classes.map((k) => (
                    <td key={k}>{e.scores[k].toFixed(3)}</td>
                  ))}
                  <td>
                    <button
                      className="btn btn-small"
                      onClick={(event) => {
                        event.stopPropagation();
                        void openAttention(detail.prefix + e.query, spansFor(detail, e.query));
                      }}
                      data-testid="row-open-attention"
                    >
                      Attention
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
