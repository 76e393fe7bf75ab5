/**
 * Start a learning curve from the UI: the task comes from the Prompt view, the data from the
 * imported datasets, and the budgets, seeds and methods from this form (docs/FINETUNE.md). Bad
 * input is refused before anything runs; a running curve shows its phase and count and can be
 * cancelled; a failed one says why.
 */
import { useEffect, useState } from 'react';
import { NumberField } from '../../components/number-field.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { parseSeeds } from '../study/study-config.ts';

const METHODS = [
  ['head', 'logistic head on frozen features'],
  ['calibration-diagonal', 'fitted calibration (diagonal)'],
  ['calibration-full', 'fitted calibration (full)'],
  ['prompt', 'the k examples as demonstrations'],
  ['prompt-contextual', 'the same with contextual calibration'],
] as const;

export function LearningCurveForm() {
  const datasets = useAppState((s) => s.examples.datasets);
  const prompt = useAppState((s) => s.prompt);
  const model = useAppState((s) => s.models.activeRef);
  const ft = useAppState((s) => s.finetune);
  const [name, setName] = useState('learning curve');
  const [trainId, setTrainId] = useState('');
  const [testId, setTestId] = useState('');
  const [testSample, setTestSample] = useState<number | null>(100);
  const [budgets, setBudgets] = useState('4, 8, 16');
  const [seeds, setSeeds] = useState('0, 1');
  const [methods, setMethods] = useState<string[]>(['head', 'calibration-diagonal', 'prompt']);
  const [problem, setProblem] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const running = ft.job?.state === 'running';
  const loadDatasets = useAppState((s) => s.examples.loadDatasets);
  useEffect(() => {
    void loadDatasets();
  }, [loadDatasets]);

  const submit = () => {
    setFormError(null);
    // A new start is asked for: the previous curve's progress (and refusal) goes, whatever this one's fate.
    ft.clearJob();
    const train = datasets.find((d) => d.datasetId === (trainId || datasets[0]?.datasetId));
    const test = datasets.find((d) => d.datasetId === (testId || datasets.find((x) => /test/i.test(x.name))?.datasetId || train?.datasetId));
    try {
      if (problem) throw new Error(problem);
      if (!model) throw new Error('choose a model first (Models view)');
      if (!train || !test) throw new Error('Training and test data: import a dataset in Examples');
      const budgetList = budgets.split(/[,\s]+/).filter(Boolean).map((b) => {
        if (!/^\d+$/.test(b) || Number(b) < 1) throw new Error(`Budgets: "${b}" is not a whole number of at least 1`);
        return Number(b);
      });
      if (budgetList.length === 0) throw new Error('Budgets: give at least one');
      if (methods.length === 0) throw new Error('Methods: choose at least one');
      const labels = Object.fromEntries(Object.entries(prompt.labelWords).filter(([l]) => l in train.labels));
      const columns = (d: typeof train) => ((d as { columns?: unknown }).columns ? { columns: (d as { columns?: unknown }).columns } : {});
      void ft.start({
        name: name.trim() || 'learning curve',
        model,
        data: {
          train: { path: train.path, format: train.format, ...columns(train) },
          test: { path: test.path, format: test.format, ...columns(test), ...(testSample ? { sample: testSample, seed: 0 } : {}) },
        },
        task: { instruction: prompt.instruction, template: prompt.template, separator: prompt.separator, labels },
        budgets: budgetList,
        seeds: parseSeeds(seeds),
        methods,
        labelMode: 'first-token',
      });
    } catch (error) {
      setFormError((error as Error).message);
    }
  };

  const job = ft.job;
  return (
    <section className="card stack" data-testid="finetune-form">
      <h2 style={{ margin: 0 }}>New learning curve</h2>
      <p className="muted ps-small">
        Task from the Prompt view: <code>{prompt.template.replace(/\n/g, '↵')}</code>. Each (budget k, seed) spends the same k labelled training examples on every method.
      </p>
      <div className="row" style={{ alignItems: 'flex-start' }}>
        <label className="field">
          Name
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} data-testid="finetune-name" />
        </label>
        <label className="field">
          Training examples from
          <select value={trainId} onChange={(e) => setTrainId(e.target.value)} data-testid="finetune-train">
            {datasets.map((d) => (
              <option key={d.datasetId} value={d.datasetId}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Test examples from
          <select value={testId} onChange={(e) => setTestId(e.target.value)} data-testid="finetune-test">
            <option value="">(a "test" dataset, else the same)</option>
            {datasets.map((d) => (
              <option key={d.datasetId} value={d.datasetId}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <NumberField label="Test sample (blank = all)" value={testSample} min={1} allowBlank onValue={setTestSample} onProblem={setProblem} testId="finetune-test-sample" widthPx={110} />
        <label className="field">
          Budgets k
          <input type="text" value={budgets} onChange={(e) => setBudgets(e.target.value)} data-testid="finetune-budgets" style={{ width: 110 }} />
        </label>
        <label className="field">
          Seeds
          <input type="text" value={seeds} onChange={(e) => setSeeds(e.target.value)} data-testid="finetune-seeds" style={{ width: 90 }} />
        </label>
      </div>
      <div className="row">
        {METHODS.map(([m, help]) => (
          <label key={m} className="ps-check ps-small" title={help}>
            <input type="checkbox" checked={methods.includes(m)} onChange={(e) => setMethods(e.target.checked ? [...methods, m] : methods.filter((x) => x !== m))} data-testid={`finetune-method-${m}`} />
            {m}
          </label>
        ))}
      </div>
      {formError || ft.startError ? (
        <div className="error-box" role="alert" data-testid="finetune-start-error">
          {formError ?? ft.startError}
        </div>
      ) : null}
      <div className="row">
        <button className="btn btn-primary" disabled={running} onClick={submit} data-testid="finetune-start">
          Run learning curve
        </button>
        {running ? (
          <button className="btn" onClick={() => void ft.cancel()} data-testid="finetune-cancel">
            Cancel
          </button>
        ) : null}
      </div>
      {job ? (
        <div className="stack" data-testid="finetune-progress" data-state={job.state}>
          <div className="row ps-small">
            <b>{job.state}</b>
            {job.phase ? <span>{job.phase}</span> : null}
            <span>
              {job.done.toLocaleString()} / {job.total.toLocaleString()}
            </span>
            {job.detail ? <span className="muted">{job.detail}</span> : null}
          </div>
          {job.state === 'running' ? <progress max={Math.max(1, job.total)} value={job.done} style={{ width: '100%' }} /> : null}
          {job.error ? <div className="error-box">Failed: {job.error}</div> : null}
          {job.warnings.map((w) => (
            <div key={w} className="ps-warn-text ps-small">
              ⚠ {w}
            </div>
          ))}
        </div>
      ) : null}
    </section>
  );
}
