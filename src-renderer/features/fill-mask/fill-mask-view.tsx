import { ErrorBox } from '../../components/error-box.tsx';
import { ModelBadge } from '../../components/model-badge.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { MaskPredictions } from './mask-predictions.tsx';
import { ProbePanel } from './probe-panel.tsx';
import './fill-mask.css';

/** Fill-mask on an encoder: top-k at every mask, and BERT's masked-LM objective as a probe. */
export function FillMaskView() {
  const f = useAppState((s) => s.fillMask);
  const r = f.result;
  return (
    <>
      <header className="view-header">
        <div>
          <h1>Fill mask</h1>
          <p>What an encoder (BERT, RoBERTa, ALBERT) predicts at each masked position, seeing the text on both sides.</p>
        </div>
        <ModelBadge />
      </header>
      <section className="card stack">
        <label className="field">
          Text: write [MASK] (or the model's own mask token) where a word should be predicted; several masks are predicted at once
          <textarea rows={3} value={f.text} onChange={(e) => f.setText(e.target.value)} data-testid="fill-text" />
        </label>
        <div className="row">
          <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
            Top
            <input type="number" min={1} max={100} value={f.top} onChange={(e) => f.setTop(Math.max(1, Number(e.target.value) || 1))} style={{ width: 64 }} />
          </label>
          <button className="btn btn-primary" onClick={() => void f.compute()} disabled={f.loading} data-testid="fill-compute">
            {f.loading ? 'Predicting…' : 'Predict masks'}
          </button>
          {r ? <span className="muted">mask token {r.maskToken} · {r.tokens.length} tokens · {r.masks.length} masks</span> : null}
        </div>
        <ErrorBox error={f.error} testId="fill-error" />
      </section>
      {r ? (
        <section className="card stack" data-testid="fill-result">
          <div className="fm-tokens">
            {r.tokens.map((t, i) => (
              <span key={i} className={`fm-token${r.masks.some((m) => m.position === i) ? ' fm-mask' : ''}${r.typeIds[i] === 1 ? ' fm-seg-b' : ''}`} title={`token ${i} · id ${r.tokenIds[i]} · segment ${r.typeIds[i]}`}>
                {t}
              </span>
            ))}
          </div>
          <div className="mono" data-testid="fill-filled">filled with the top tokens: {r.filled}</div>
          <div className="fm-masks">
            {r.masks.map((m, k) => (
              <MaskPredictions key={m.position} index={k} position={m.position} top={m.top} />
            ))}
          </div>
        </section>
      ) : null}
      <ProbePanel />
    </>
  );
}
