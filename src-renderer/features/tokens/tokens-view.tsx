import { useMemo } from 'react';
import { ChartCard } from '../../components/chart-card.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { ModelBadge } from '../../components/model-badge.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { nextTokenOption, showToken } from './next-token-option.ts';

/** The API's argument names as this view's fields name them (errors read in the form's words). */
const TOKENS_FIELDS = { text: 'Prompt', prompt: 'Prompt', top: 'Top', maxNewTokens: 'Max new tokens', temperature: 'Temperature', topK: 'Top-k', seed: 'Seed' };

/** Token explorer: the next-token distribution of any prompt, and streamed generation. */
export function TokensView() {
  const t = useAppState((s) => s.tokens);
  const option = useMemo(() => (t.next ? nextTokenOption(t.next) : null), [t.next]);
  const s = t.settings;

  return (
    <>
      <header className="view-header">
        <div>
          <h1>Token explorer</h1>
          <p>What the model would say next, and what it says when it keeps going.</p>
        </div>
        <ModelBadge />
      </header>

      <section className="card stack">
        <label className="field">
          Prompt
          <textarea rows={5} value={t.text} onChange={(e) => t.setText(e.target.value)} data-testid="tokens-prompt" />
        </label>
        <div className="row">
          <label className="field">
            Top
            <input type="number" min={1} max={1000} value={t.top} onChange={(e) => t.setTop(Number(e.target.value))} style={{ width: 80 }} data-testid="tokens-top" />
          </label>
          <button className="btn btn-primary" onClick={() => void t.predictNext()} disabled={t.nextLoading} data-testid="predict-next" style={{ alignSelf: 'flex-end' }}>
            {t.nextLoading ? 'Computing…' : 'Next-token distribution'}
          </button>
        </div>
        <ErrorBox error={t.nextError} testId="next-error" labels={TOKENS_FIELDS} />
      </section>

      {option && t.next ? (
        <ChartCard title="Next-token distribution" option={option} heightPx={Math.max(220, t.next.top.length * 22 + 40)} testId="next-chart">
          <p className="muted" style={{ margin: '4px 0 0' }}>
            Probabilities at the last of {t.next.tokens.length} prompt tokens; most likely: <code data-testid="top-token">{showToken(t.next.top[0]?.token ?? '')}</code>
          </p>
        </ChartCard>
      ) : null}

      <section className="card stack" data-testid="generate-card">
        <h2>Generation</h2>
        <div className="row">
          <label className="field">
            Max new tokens
            <input type="number" min={1} max={512} value={s.maxNewTokens} onChange={(e) => t.setSettings({ maxNewTokens: Number(e.target.value) })} style={{ width: 110 }} />
          </label>
          <label className="field">
            Temperature
            <input type="number" min={0} max={5} step={0.1} value={s.temperature} onChange={(e) => t.setSettings({ temperature: Number(e.target.value) })} style={{ width: 100 }} data-testid="temperature" />
          </label>
          <label className="field">
            Top-k
            <input type="number" min={0} max={1000} value={s.topK} onChange={(e) => t.setSettings({ topK: Number(e.target.value) })} style={{ width: 90 }} />
          </label>
          <label className="field">
            Seed
            <input type="number" min={0} value={s.seed} onChange={(e) => t.setSettings({ seed: Number(e.target.value) })} style={{ width: 90 }} />
          </label>
          <button className="btn btn-primary" onClick={() => void t.generate()} disabled={t.generating} data-testid="generate" style={{ alignSelf: 'flex-end' }}>
            {t.generating ? 'Generating…' : 'Generate'}
          </button>
        </div>
        <p className="muted" style={{ margin: 0 }}>
          Temperature 0 is greedy. Top-k 0 keeps the whole vocabulary. The same seed gives the same text.
        </p>
        <ErrorBox error={t.generateError} testId="generate-error" labels={TOKENS_FIELDS} />
        <div className="generated" data-testid="generated">
          <span className="prompt">{t.text}</span>
          {t.generated.map((piece, i) => (
            <span key={i} className="tok" title={showToken(piece)}>
              {piece}
            </span>
          ))}
        </div>
      </section>
    </>
  );
}
