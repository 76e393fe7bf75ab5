import { useMemo } from 'react';
import { ChartCard } from '../../components/chart-card.tsx';
import { ErrorBox } from '../../components/error-box.tsx';
import { ModelBadge } from '../../components/model-badge.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { nextTokenOption, showToken } from './next-token-option.ts';
import { TokenStrip } from '../prompt/token-strip.tsx';
import '../prompt/prompt.css';

/** Light (unlikely) to saturated (likely): one hue, so the shade reads as probability. */
function probabilityColor(p: number): string {
  return `hsla(212, 85%, 52%, ${(0.08 + 0.62 * Math.min(1, Math.max(0, p))).toFixed(3)})`;
}

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

      {t.promptTokens ? (
        <section className="card stack" data-testid="tokens-prompt-tokens">
          <h2 style={{ margin: 0 }}>
            The prompt as the model reads it: {t.promptTokens.count.toLocaleString()} tokens of {t.promptTokens.contextLength.toLocaleString()}
          </h2>
          <TokenStrip text={t.promptTokensText} pieces={t.promptTokens.pieces} />
        </section>
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
            <span
              key={i}
              className="tok ps-gen-token"
              title={`${showToken(piece.text)}${piece.logprob === null ? '' : ` · p = ${Math.exp(piece.logprob).toPrecision(3)} (log p ${piece.logprob.toFixed(2)})`}`}
              style={piece.logprob === null ? undefined : { background: probabilityColor(Math.exp(piece.logprob)) }}
              data-testid="generated-token"
              data-logprob={piece.logprob ?? ''}
            >
              {piece.text}
            </span>
          ))}
        </div>
        {t.generated.some((p) => p.logprob !== null) ? (
          <div className="row ps-small" data-testid="generated-scale">
            <span className="muted">probability of each generated token under the model (temperature 1):</span>
            {[0.01, 0.1, 0.3, 0.6, 0.9].map((p) => (
              <span key={p} className="ps-gen-swatch" style={{ background: probabilityColor(p) }}>
                {p}
              </span>
            ))}
            <span className="muted">
              mean log p {(t.generated.reduce((a, p) => a + (p.logprob ?? 0), 0) / t.generated.length).toFixed(2)} over {t.generated.length} tokens
            </span>
          </div>
        ) : null}
      </section>
    </>
  );
}
