/**
 * Fine-tuning: learning curves from `promptscope finetune` (a head on frozen features, a fitted
 * calibration and the few-shot prompt, each spending the same k labelled examples) beside the
 * few-shot studies of the same model and test data.
 */
import { useEffect, useMemo } from 'react';
import { ChartCard } from '../../components/chart-card.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { percent } from '../study/charts/chart-style.ts';
import { learningCurveOption, methodLabel } from './learning-curve-chart.ts';
import { LearningCurveForm } from './learning-curve-form.tsx';

export function FinetuneView() {
  const finetune = useAppState((s) => s.finetune);
  const loadRuns = useAppState((s) => s.finetune.loadRuns);

  useEffect(() => {
    void loadRuns();
  }, [loadRuns]);

  const detail = finetune.detail;
  const option = useMemo(() => (detail ? learningCurveOption(detail) : null), [detail]);

  return (
    <div className="stack">
      <header className="view-header">
        <div>
          <h1>Fine-tuning</h1>
          <p>Learning curves: the same k labelled examples spent on a head, a calibration fit or the prompt. Run one here or with <code>promptscope finetune FILE</code>.</p>
        </div>
        <button className="btn" onClick={() => void finetune.loadRuns()} disabled={finetune.loading}>
          {finetune.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      <ErrorBox error={finetune.error} testId="finetune-error" />
      <LearningCurveForm />
      <section className="card stack">
        {finetune.list.length === 0 && !finetune.loading ? <p className="muted">No learning curves yet.</p> : null}
        {finetune.list.length > 0 ? (
          <table className="table" data-testid="finetune-runs">
            <thead>
              <tr>
                <th>name</th>
                <th>model</th>
                <th>status</th>
                <th>conditions</th>
                <th>created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {finetune.list.map((run) => (
                <tr key={run.runId} aria-selected={detail?.runId === run.runId}>
                  <td>{run.name}</td>
                  <td>{run.model.name}</td>
                  <td>
                    {run.status}
                    {run.error ? (
                      <div className="ps-field-error" data-testid="finetune-reason">
                        {run.error}
                      </div>
                    ) : null}
                  </td>
                  <td>{run.conditions}</td>
                  <td>{run.createdAt.replace('T', ' ').slice(0, 19)}</td>
                  <td>
                    <button className="btn btn-small" onClick={() => void finetune.open(run.runId)} disabled={finetune.opening === run.runId}>
                      Open
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {detail && option ? (
        <>
          <ChartCard title={`Learning curves: ${detail.name}`} option={option} heightPx={380} testId="finetune-chart">
            <p className="muted">
              Model {detail.model.name} ({detail.model.sha256.slice(0, 12)}). Lines: mean over seeds, band: min–max.
              {detail.fewShot.length > 0 ? ' Diamonds: few-shot studies of the same model and test file.' : ' No few-shot study of the same model and test file is stored yet.'}
            </p>
          </ChartCard>
          <section className="card">
            <table className="table" data-testid="finetune-points">
              <thead>
                <tr>
                  <th>method</th>
                  <th>k</th>
                  <th>k used</th>
                  <th>accuracy mean ± std</th>
                  <th>min</th>
                  <th>max</th>
                  <th>macro-F1</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(detail.curves).flatMap(([method, points]) =>
                  points.map((p) => (
                    <tr key={`${method}-${p.budget}`}>
                      <td>{methodLabel(method)}</td>
                      <td>{p.budget}</td>
                      <td>{[...new Set(p.kUsed)].join('/')}</td>
                      <td>
                        {percent(p.accuracy.mean)} ± {percent(p.accuracy.std)}
                      </td>
                      <td>{percent(p.accuracy.min)}</td>
                      <td>{percent(p.accuracy.max)}</td>
                      <td>{percent(p.macroF1.mean)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </div>
  );
}
