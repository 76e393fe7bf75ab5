/**
 * The study's settings: data (train and test sets), demonstrations (shots, seeds, sampling,
 * orders), calibration methods and content-free inputs. The task itself comes from the Prompt view.
 */
import type { DatasetSummary } from '../../../src-shared/api/datasets.ts';
import { NumberField } from '../../components/number-field.tsx';
import { useProblems } from '../../components/use-problems.ts';
import { CALIBRATION_METHODS, factorial, type StudyConfig } from './study-config.ts';

export interface StudyFormProps {
  config: StudyConfig;
  datasets: readonly DatasetSummary[];
  models: readonly { ref: string; name: string; available: boolean }[];
  modelRef: string | null;
  onModel: (ref: string) => void;
  onChange: (patch: Partial<StudyConfig>) => void;
  /** The first field not acceptable as typed, or null. */
  onProblem: (problem: string | null) => void;
  /** Pins and exclusions the Examples view holds for the chosen training set. */
  demonstrations: { pinned: number; excluded: number };
}

const METHOD_HELP: Record<string, string> = {
  none: 'label probabilities as the model gives them',
  contextual: 'divide by p_cf from content-free inputs (Zhao et al. 2021)',
  batch: 'subtract the mean over the test batch (Zhou et al. 2023)',
  domain: 'divide by p from random in-domain words (Fei et al. 2023)',
};

export function StudyForm({ config, datasets, models, modelRef, onModel, onChange, onProblem, demonstrations }: StudyFormProps) {
  const problems = useProblems(onProblem);
  return (
    <div className="ps-study-form">
      <fieldset>
        <legend>Data</legend>
        <label className="field">
          Study name
          <input type="text" value={config.name} onChange={(e) => onChange({ name: e.target.value })} data-testid="study-name" />
        </label>
        <label className="field">
          Model (the one every view uses)
          <select value={modelRef ?? ''} onChange={(e) => onModel(e.target.value)} data-testid="study-model">
            {modelRef === null ? <option value="">choose…</option> : null}
            {models.map((m) => (
              <option key={m.ref} value={m.ref} disabled={!m.available}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <DatasetSelect label="Demonstrations from" testId="study-train" datasets={datasets} value={config.trainDatasetId} onSelect={(id) => onChange({ trainDatasetId: id })} />
        <DatasetSelect label="Test examples from" testId="study-test" datasets={datasets} value={config.testDatasetId} onSelect={(id) => onChange({ testDatasetId: id })} />
        <div className="row">
          <NumberField label="Test sample (blank = all)" value={config.testSample} min={1} allowBlank onValue={(v) => onChange({ testSample: v })} onProblem={(p) => problems.report('testSample', p)} testId="study-test-sample" widthPx={110} />
          <NumberField label="Sample seed" value={config.testSeed} min={0} onValue={(v) => onChange({ testSeed: v ?? 0 })} onProblem={(p) => problems.report('testSeed', p)} testId="study-test-seed" />
        </div>
        {demonstrations.pinned + demonstrations.excluded > 0 ? (
          <div className="info-box ps-small" data-testid="study-pins">
            From the Examples view: {demonstrations.pinned} pinned (in every seed's demonstrations) · {demonstrations.excluded} excluded (never drawn).
          </div>
        ) : null}
        {config.trainDatasetId !== null && config.trainDatasetId === config.testDatasetId ? (
          <div className="warn-box ps-small">Demonstrations and test examples come from the same file; a test example may appear as its own demonstration.</div>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>Demonstrations and orders</legend>
        <div className="row">
          <NumberField label="Shots" value={config.shots} min={0} max={64} onValue={(v) => onChange({ shots: v ?? 0 })} onProblem={(p) => problems.report('shots', p)} testId="study-shots" widthPx={80} />
          <label className="field">
            Seeds (e.g. 0, 1, 2 or 0-4)
            <input type="text" value={config.seedsText} onChange={(e) => onChange({ seedsText: e.target.value })} data-testid="study-seeds" style={{ width: 140 }} />
          </label>
          <label className="field">
            Sampling
            <select value={config.sampling} onChange={(e) => onChange({ sampling: e.target.value as StudyConfig['sampling'] })} data-testid="study-sampling">
              <option value="uniform">uniform</option>
              <option value="balanced">class-balanced</option>
            </select>
          </label>
        </div>
        <div className="ps-radio-row" role="radiogroup" aria-label="Orders">
          <label>
            <input type="radio" name="orders" checked={config.orders === 'all'} onChange={() => onChange({ orders: 'all' })} data-testid="study-orders-all" />
            all {config.shots <= 8 ? `${factorial(config.shots).toLocaleString()} orders` : 'orders (too many above 8 shots)'}
          </label>
          <label>
            <input type="radio" name="orders" checked={config.orders === 'sample'} onChange={() => onChange({ orders: 'sample' })} data-testid="study-orders-sample" />
            a sample of
            <NumberField label="orders" value={config.orderSample} min={1} onValue={(v) => onChange({ orderSample: v ?? 1 })} onProblem={(p) => problems.report('orderSample', p)} widthPx={70} disabled={config.orders !== 'sample'} testId="study-order-sample" />
            <NumberField label="seed" value={config.orderSeed} min={0} onValue={(v) => onChange({ orderSeed: v ?? 0 })} onProblem={(p) => problems.report('orderSeed', p)} widthPx={60} disabled={config.orders !== 'sample'} />
          </label>
          <label>
            <input type="radio" name="orders" checked={config.orders === 'first'} onChange={() => onChange({ orders: 'first' })} data-testid="study-orders-first" />
            the drawn order only
          </label>
        </div>
      </fieldset>

      <fieldset>
        <legend>Calibration</legend>
        <div className="ps-methods">
          {CALIBRATION_METHODS.map((m) => (
            <label key={m} className="ps-check" title={METHOD_HELP[m]}>
              <input
                type="checkbox"
                checked={config.calibration.includes(m)}
                onChange={(e) => onChange({ calibration: e.target.checked ? CALIBRATION_METHODS.filter((x) => x === m || config.calibration.includes(x)) : config.calibration.filter((x) => x !== m) })}
                data-testid={`study-method-${m}`}
              />
              <span>
                <b>{m}</b> <span className="muted">— {METHOD_HELP[m]}</span>
              </span>
            </label>
          ))}
        </div>
        <label className="field">
          Content-free inputs (one per line; an empty line is the empty string)
          <textarea rows={3} value={config.contentFreeText} onChange={(e) => onChange({ contentFreeText: e.target.value })} data-testid="study-content-free" />
        </label>
        <label className="field">
          Label words longer than one token
          <select value={config.labelMode} onChange={(e) => onChange({ labelMode: e.target.value as StudyConfig['labelMode'] })} data-testid="study-label-mode">
            <option value="first-token">score their first token (Zhao et al.)</option>
            <option value="single-token">refuse to run the study</option>
          </select>
        </label>
        <label className="field">
          Prompts longer than the model's context
          <select value={config.contextPolicy} onChange={(e) => onChange({ contextPolicy: e.target.value as StudyConfig['contextPolicy'] })} data-testid="study-context-policy">
            <option value="reject">refuse to run the study</option>
            <option value="drop-oldest">drop the oldest demonstrations</option>
          </select>
        </label>
      </fieldset>
    </div>
  );
}

/** One imported dataset chosen from the list, with its row count. */
function DatasetSelect({ label, testId, datasets, value, onSelect }: { label: string; testId: string; datasets: readonly DatasetSummary[]; value: string | null; onSelect: (id: string | null) => void }) {
  return (
    <label className="field">
      {label}
      <select value={value ?? ''} onChange={(e) => onSelect(e.target.value || null)} data-testid={testId}>
        <option value="">choose…</option>
        {datasets.map((d) => (
          <option key={d.datasetId} value={d.datasetId}>
            {d.name} ({d.rows.toLocaleString()})
          </option>
        ))}
      </select>
    </label>
  );
}
