/**
 * Study: configure a permutation study from the prompt and datasets, check it with the study
 * runner, launch it, watch progress (rate, time left), cancel, and read its results.
 */
import { useEffect } from 'react';
import { ModelBadge } from '../../components/model-badge.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { StudyForm } from './study-form.tsx';
import { StudyProgress } from './study-progress.tsx';
import { StudyResults } from './study-results.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import type { StudyValidation } from '../../../src-shared/api/studies.ts';
import './study.css';

export function StudyView() {
  const study = useAppState((s) => s.study);
  const datasets = useAppState((s) => s.examples.datasets);
  const activeDatasetId = useAppState((s) => s.examples.activeId);
  const loadDatasets = useAppState((s) => s.examples.loadDatasets);
  const prompt = useAppState((s) => s.prompt);
  const navigate = useAppState((s) => s.app.navigate);
  const models = useAppState((s) => s.models);
  const pins = useAppState((s) => s.examples.pinned);
  const excludes = useAppState((s) => s.examples.excluded);

  useEffect(() => {
    if (datasets.length === 0) void loadDatasets();
  }, [datasets.length, loadDatasets]);

  // Default the data choices: demonstrations from the dataset on screen in Examples unless it is
  // a test split, tests from a dataset whose name says "test" (or the same one).
  useEffect(() => {
    if (datasets.length === 0) return;
    const isTest = (name: string) => /test|dev|valid/i.test(name);
    const patch: Parameters<typeof study.setConfig>[0] = {};
    const known = (id: string | null) => id !== null && datasets.some((d) => d.datasetId === id);
    if (!known(study.config.trainDatasetId)) {
      const active = datasets.find((d) => d.datasetId === activeDatasetId);
      patch.trainDatasetId = (active && !isTest(active.name) ? active : (datasets.find((d) => !isTest(d.name)) ?? active ?? datasets[0])).datasetId;
    }
    if (!known(study.config.testDatasetId)) {
      patch.testDatasetId = (datasets.find((d) => /test/i.test(d.name)) ?? datasets.find((d) => d.datasetId === (patch.trainDatasetId ?? study.config.trainDatasetId)) ?? datasets[0]).datasetId;
    }
    if (Object.keys(patch).length > 0) study.setConfig(patch);
  }, [activeDatasetId, datasets, study]);

  const running = study.run?.state === 'running';
  const labelSummary = Object.entries(prompt.labelWords)
    .map(([l, ws]) => `${l}: ${ws.join(' | ')}`)
    .join(', ');

  return (
    <div className="ps-study-view">
      <header className="view-header">
        <div>
          <h1>Study</h1>
          <p>How demonstration order and calibration change this model's answers.</p>
        </div>
        <ModelBadge />
      </header>

      <section className="card stack" data-testid="study-config">
        <div className="ps-task-summary">
          <span className="muted">Task from the Prompt view:</span>
          <code data-testid="study-template">{prompt.template.replace(/\n/g, '↵')}</code>
          <span className="muted">labels</span>
          <code>{labelSummary || 'none yet'}</code>
          <button className="btn btn-small" onClick={() => navigate('prompt')}>
            Edit prompt
          </button>
        </div>
        <StudyForm
          config={study.config}
          datasets={datasets}
          models={models.models}
          modelRef={models.activeRef}
          onModel={(ref) => void models.select(ref)}
          onChange={study.setConfig}
          onProblem={study.setFieldProblem}
          demonstrations={{ pinned: (pins[study.config.trainDatasetId ?? ''] ?? []).length, excluded: (excludes[study.config.trainDatasetId ?? ''] ?? []).length }}
        />
        {study.fieldProblem ? (
          <div className="error-box" role="alert" data-testid="study-field-problem">
            {study.fieldProblem}
          </div>
        ) : null}
        {study.configError ? (
          <div className="error-box" role="alert" data-testid="study-config-error">
            {study.configError}
          </div>
        ) : null}
        {study.validation ? (
          <div className="info-box" data-testid="study-validation">
            <ValidationCount validation={study.validation} />
            {study.validation.warnings.map((w) => (
              <div key={w} className="ps-warn-text">
                ⚠ {w}
              </div>
            ))}
          </div>
        ) : null}
        <div className="row">
          <button className="btn" disabled={study.validating || running} onClick={() => void study.validate()} data-testid="study-validate">
            {study.validating ? 'Checking…' : 'Check'}
          </button>
          <button className="btn btn-primary" disabled={running} onClick={() => void study.start()} data-testid="study-start">
            Run study
          </button>
        </div>
        {study.run ? (
          <StudyProgress
            state={study.run.state}
            done={study.run.done}
            total={study.run.total}
            ratePerSecond={study.run.rate}
            error={study.run.error}
            onCancel={() => void study.cancel()}
          />
        ) : null}
      </section>

      <ErrorBox error={study.resultError} />
      {study.resultLoading && !study.result ? <p className="muted">Loading results…</p> : null}
      {study.result ? <StudyResults result={study.result} labelWords={prompt.labelWords} /> : null}
    </div>
  );
}

/** What the prompt count counts: every condition scores its test examples and its calibration inputs. */
function ValidationCount({ validation: v }: { validation: StudyValidation }) {
  const perCondition = [`${v.testExamples.toLocaleString()} test examples`];
  if (v.contentFreePerCondition > 0) perCondition.push(`${v.contentFreePerCondition} content-free inputs`);
  if (v.domainPerCondition > 0) perCondition.push(`${v.domainPerCondition} in-domain inputs`);
  return (
    <span data-testid="study-prompt-count">
      {v.conditions.toLocaleString()} conditions × ({perCondition.join(' + ')}) = <b>{v.prompts.toLocaleString()} prompts</b> to score
      {v.contentFreePerCondition + v.domainPerCondition > 0
        ? ` (${(v.conditions * v.testExamples).toLocaleString()} test prompts and ${(v.conditions * (v.contentFreePerCondition + v.domainPerCondition)).toLocaleString()} calibration prompts).`
        : '.'}
    </span>
  );
}
