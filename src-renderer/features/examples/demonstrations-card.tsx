/**
 * The demonstrations drawn for a seed (what the prompt editor previews and a study's seed uses):
 * shots, seed and uniform or class-balanced sampling, pinned rows always in.
 */
import { ErrorBox } from '../../components/error-box.tsx';
import type { ApiError } from '../../../src-shared/api/result.ts';
import type { DatasetRow } from './dataset-types.ts';
import type { SamplingSettings } from './examples-slice.ts';

export interface DemonstrationsCardProps {
  settings: SamplingSettings;
  demonstrations: readonly DatasetRow[];
  pinned: readonly string[];
  error: ApiError | null;
  onSettings: (patch: Partial<SamplingSettings>) => void;
  onOpenPrompt: () => void;
}

export function DemonstrationsCard({ settings, demonstrations, pinned, error, onSettings, onOpenPrompt }: DemonstrationsCardProps) {
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
        <label className="field">
          Shots
          <input type="number" min={0} max={64} value={settings.shots} onChange={(e) => onSettings({ shots: clampInt(e.target.value, 0, 64) })} data-testid="sample-shots" style={{ width: 80 }} />
        </label>
        <label className="field">
          Seed
          <input type="number" min={0} value={settings.seed} onChange={(e) => onSettings({ seed: clampInt(e.target.value, 0, 2 ** 31 - 1) })} data-testid="sample-seed" style={{ width: 90 }} />
        </label>
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
      <ErrorBox error={error} />
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

function clampInt(text: string, min: number, max: number): number {
  const n = Math.trunc(Number(text));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}
