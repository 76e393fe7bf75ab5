import { useMemo, useState } from 'react';
import { ChartCard } from '../../components/chart-card.tsx';
import type { AttentionSpanMass } from '../../../src-shared/api/attention.ts';
import { massOption, pairDemonstrations } from './mass-option.ts';

/** Attention mass each demonstration and each label token receives from the last position. */
export function MassPanel({ mass, layer, from }: { mass: AttentionSpanMass[]; layer: number; from?: string }) {
  const [scope, setScope] = useState<'mean' | 'layer'>('mean');
  const { demos, others } = useMemo(() => pairDemonstrations(mass), [mass]);
  const option = useMemo(() => massOption(demos, scope === 'mean' ? null : layer), [demos, scope, layer]);
  if (mass.length === 0) return null;
  const value = (m: AttentionSpanMass) => (scope === 'mean' ? m.mean : (m.perLayer[layer] ?? 0));
  return (
    <ChartCard title="Attention mass per demonstration" option={option} heightPx={300} testId="attention-mass">
      <div className="row" style={{ marginTop: 4 }}>
        <span className="muted">
          Share of {from ? `the ${from} token's` : "the last token's"} attention, averaged over heads, landing on each demonstration and on its label word
          {others.length > 0 ? `; ${others.map((m) => `${m.name} ${value(m).toFixed(3)}`).join(' · ')}` : ''}.
        </span>
        <span className="spacer" />
        <select value={scope} onChange={(e) => setScope(e.target.value as 'mean' | 'layer')} data-testid="mass-scope">
          <option value="mean">mean over layers</option>
          <option value="layer">layer {layer}</option>
        </select>
      </div>
    </ChartCard>
  );
}
