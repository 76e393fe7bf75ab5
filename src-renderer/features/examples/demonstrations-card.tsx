/**
 * The demonstrations drawn for a seed (what the prompt editor previews and a study's seed uses):
 * shots, seeds and uniform or class-balanced sampling, pinned rows always in. Shots, seeds and
 * sampling are the Study form's own fields (one state): changed here, the study runs them.
 */
import { ErrorBox } from '../../components/error-box.tsx';
import { NumberField } from '../../components/number-field.tsx';
import { useProblems } from '../../components/use-problems.ts';
import type { ApiError } from '../../../src-shared/api/result.ts';
import type { DatasetRow } from './dataset-types.ts';
import { parseSeeds } from '../study/study-config.ts';
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
  let seeds: number[] | null = null;
  let seedsProblem: string | null = null;
  try {
    seeds = parseSeeds(settings.seedsText);
  } catch (e) {
    seedsProblem = `Study seeds: ${(e as Error).message.replace(/^seeds: /, '')}`;
  }
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
        <label className="field">
          Study seeds (e.g. 0, 1, 2 or 0-4)
          <input type="text" value={settings.seedsText} onChange={(e) => onSettings({ seedsText: e.target.value })} data-testid="sample-seeds" style={{ width: 140 }} />
        </label>
        <label className="field">
          Previewed seed
          <select value={settings.seed} onChange={(e) => onSettings({ seed: Number(e.target.value) })} data-testid="sample-seed" disabled={seeds === null}>
            {(seeds ?? [settings.seed]).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Sampling
          <select value={settings.sampling} onChange={(e) => onSettings({ sampling: e.target.value as SamplingSettings['sampling'] })} data-testid="sample-method">
            <option value="uniform">uniform (Zhao et al.)</option>
            <option value="balanced">class-balanced (Lu et al.)</option>
          </select>
        </label>
        <button className="btn" onClick={() => seeds && onSettings({ seed: seeds[(seeds.indexOf(settings.seed) + 1) % seeds.length] })} disabled={seeds === null || seeds.length < 2} title="Preview the study's next seed">
          Next seed
        </button>
      </div>
      {seedsProblem ? (
        <span className="ps-field-error" role="alert" data-testid="sample-seeds-error">
          {seedsProblem}
        </span>
      ) : null}
      <p className="muted ps-small" data-testid="sample-shared">
        The same shots, seeds and sampling as the Study form: a study run now draws these demonstrations for seed {settings.seed}.
      </p>
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

