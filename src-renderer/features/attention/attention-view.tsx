import { ErrorBox } from '../../components/error-box.tsx';
import { ModelBadge } from '../../components/model-badge.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { HeadView } from './head-view.tsx';
import { HeatMap } from './heat-map.tsx';
import { LayerHeadGrid } from './layer-head-grid.tsx';
import { MassPanel } from './mass-panel.tsx';
import { EncoderTokens } from './encoder-tokens.tsx';

/** Attention: choose a prompt; head view, per-head matrices, and the mass each part receives. */
export function AttentionView() {
  const a = useAppState((s) => s.attention);
  const r = a.result;
  return (
    <>
      <header className="view-header">
        <div>
          <h1>Attention</h1>
          <p>Where each position looks, layer by layer and head by head.</p>
        </div>
        <ModelBadge />
      </header>
      <section className="card stack">
        <label className="field">
          Prompt (demonstrations separated by a blank line; the last block is the query)
          <textarea rows={6} value={a.text} onChange={(e) => a.setText(e.target.value)} data-testid="attention-prompt" />
        </label>
        <div className="row">
          <button className="btn btn-primary" onClick={() => void a.compute()} disabled={a.loading} data-testid="attention-compute">
            {a.loading ? 'Computing…' : 'Show attention'}
          </button>
          {r ? (
            <>
              <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
                Layer
                <select value={a.layer} onChange={(e) => void a.selectLayer(Number(e.target.value))} data-testid="attention-layer">
                  {Array.from({ length: r.layers }, (_, i) => (
                    <option key={i} value={i}>
                      {i}
                    </option>
                  ))}
                </select>
              </label>
              <span className="muted" data-testid="attention-shape">
                {r.tokens.length} tokens · {r.layers} layers · {r.heads} heads
              </span>
            </>
          ) : null}
        </div>
        <ErrorBox error={a.error} testId="attention-error" />
      </section>
      {r ? <EncoderTokens result={r} /> : null}
      {r ? <MassPanel mass={r.mass} layer={a.layer} from={r.massFrom !== undefined ? `${r.tokens[r.massFrom]} (position ${r.massFrom})` : undefined} /> : null}
      {r && a.thumbnails ? <LayerHeadGrid thumbnails={a.thumbnails} layer={a.layer} head={a.head} onSelect={(l, h) => void a.selectCell(l, h)} /> : null}
      {r && a.layerHeads ? (
        <div className="grid-2" style={{ alignItems: 'start' }}>
          <HeadView tokens={r.tokens} heads={a.layerHeads} layer={a.layer} visibleHeads={a.visibleHeads} onToggleHead={a.toggleHead} />
          <HeatMap tokens={r.tokens} heads={a.layerHeads} layer={a.layer} head={a.head} bidirectional={r.bidirectional} />
        </div>
      ) : null}
    </>
  );
}
