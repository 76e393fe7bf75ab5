/**
 * The demonstrations drawn for a seed (what the prompt editor previews and a study's seed uses):
 * shots, seed and uniform or class-balanced sampling, pinned rows always in.
 */
import { ErrorBox } from '../../components/error-box.tsx';
import { NumberField } from '../../components/number-field.tsx';
import { useProblems } from '../../components/use-problems.ts';
import type { ApiError } from '../../../src-shared/api/result.ts';
import type { DatasetRow } from './dataset-types.ts';
import type { SamplingSettings } from './examples-slice.ts';

export interface DemonstrationsCardProps {
  settings: SamplingSettings;
  demonstrations: readonly DatasetRow[];
  pinned: readonly string[];
  error: ApiError | null;
  onSettings: (patch: Partial<SamplingSettings>) => void;
  onProblem: (problem: string | null) => void;
  onOpenPrompt: () => void;
}

export function DemonstrationsCard({ settings, demonstrations, pinned, error, onSettings, onProblem, onOpenPrompt }: DemonstrationsCardProps) {
  const problems = useProblems(onProblem);
  return (
    <section className="card stack" data-testid="demonstrations">
      <div className="row">
        <h2 style={{ margin: 0 }}>Demonstrations</h2>
        <span className="spacer" />
        <button className="btn btn-small" onClick={onOpenPrompt}>
          See the prompt →
        </button>
      </div>
      <div className="row">
        <NumberField label="Shots" value={settings.shots} min={0} max={64} onValue={(v) => onSettings({ shots: v ?? 0 })} onProblem={(p) => problems.report('shots', p)} testId="sample-shots" widthPx={80} />
        <NumberField label="Seed" value={settings.seed} min={0} max={2 ** 31 - 1} onValue={(v) => onSettings({ seed: v ?? 0 })} onProblem={(p) => problems.report('seed', p)} testId="sample-seed" />
        <label className="field">
          Sampling
          <select value={settings.sampling} onChange={(e) => onSettings({ sampling: e.target.value as SamplingSettings['sampling'] })} data-testid="sample-method">
            <option value="uniform">uniform (Zhao et al.)</option>
            <option value="balanced">class-balanced (Lu et al.)</option>
          </select>
        </label>
        <button className="btn" onClick={() => onSettings({ seed: settings.seed + 1 })} title="Draw with the next seed">
          Next seed
        </button>
      </div>
      <ErrorBox error={error} testId="sample-error" />
      <ol className="ps-demos">
        {demonstrations.map((d) => (
          <li key={d.id}>
            <span className="badge accent">{d.label}</span>
            {pinned.includes(d.id) ? <span className="badge ok">pinned</span> : null}
            <span className="ps-demos__text">{d.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

