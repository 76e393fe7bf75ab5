import { useAppState } from '../../state/store-context.tsx';

const ACTION_LABEL = { mask: 'masked', random: 'random token', keep: 'kept' } as const;

/**
 * BERT's pre-training objective on a text (Devlin et al. 2019): a seeded 15% of the tokens are
 * chosen; of those 80% become the mask token, 10% a random token, 10% stay; the model predicts the
 * original token at each chosen position, and the share it gets right is the probe's accuracy.
 */
export function ProbePanel() {
  const f = useAppState((s) => s.fillMask);
  const p = f.probe;
  return (
    <section className="card stack" data-testid="probe-panel">
      <h2 style={{ margin: 0 }}>Masked-LM probe</h2>
      <p className="muted" style={{ margin: 0 }}>
        BERT's recipe: {Math.round(f.rate * 100)}% of the tokens chosen (seeded); 80% replaced by the mask token, 10% by a random token, 10% kept. The model predicts the original token at each chosen position.
      </p>
      <label className="field">
        Text
        <textarea rows={3} value={f.probeText} onChange={(e) => f.setProbeText(e.target.value)} data-testid="probe-text" />
      </label>
      <div className="row">
        <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
          Seed
          <input type="number" min={0} value={f.seed} onChange={(e) => f.setSeed(Math.max(0, Math.floor(Number(e.target.value) || 0)))} style={{ width: 72 }} data-testid="probe-seed" />
        </label>
        <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 8 }}>
          Rate
          <input type="number" min={0.01} max={1} step={0.05} value={f.rate} onChange={(e) => f.setRate(Math.min(1, Math.max(0.01, Number(e.target.value) || 0.15)))} style={{ width: 72 }} />
        </label>
        <button className="btn btn-primary" onClick={() => void f.runProbe()} disabled={f.loading} data-testid="probe-run">
          Run probe
        </button>
        {p ? (
          <span data-testid="probe-accuracy">
            accuracy <strong>{(p.accuracy * 100).toFixed(1)}%</strong> ({p.positions.filter((x) => x.correct).length} of {p.positions.length}
            {Object.entries(p.accuracyByAction).map(([a, v]) => ` · ${ACTION_LABEL[a as keyof typeof ACTION_LABEL]} ${v!.correct}/${v!.total}`).join('')})
          </span>
        ) : null}
      </div>
      {p ? (
        <>
          <div className="fm-tokens" data-testid="probe-input">
            {p.input.map((t, i) => {
              const chosen = p.positions.find((x) => x.position === i);
              return (
                <span key={i} className={`fm-token${chosen ? ` fm-${chosen.action}` : ''}`} title={chosen ? `${ACTION_LABEL[chosen.action]}; original ${chosen.original.token}` : `token ${i}`}>
                  {t}
                </span>
              );
            })}
          </div>
          <table className="data" data-testid="probe-table">
            <thead>
              <tr>
                <th>token</th>
                <th>original</th>
                <th>what the model saw</th>
                <th>top predictions</th>
                <th>P(original)</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {p.positions.map((x) => (
                <tr key={x.position}>
                  <td className="muted">{x.position}</td>
                  <td className="mono">{JSON.stringify(x.original.token)}</td>
                  <td className="mono">
                    {ACTION_LABEL[x.action]}
                    {x.action === 'keep' ? '' : ` ${JSON.stringify(x.fed.token)}`}
                  </td>
                  <td className="mono">{x.top.map((t) => `${JSON.stringify(t.token)} ${t.prob.toFixed(3)}`).join(', ')}</td>
                  <td className="mono">{Math.exp(x.originalLogprob).toFixed(4)}</td>
                  <td>{x.correct ? '✓' : '✗'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
