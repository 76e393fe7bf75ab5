import { pathChooser } from '../../api/choose-path.ts';
import { useState } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { DTYPE_NAMES, DTYPE_SUFFIX } from '../../../src-shared/models/dtypes.ts';
import { HubDownloadCard } from './hub-download-card.tsx';

const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 1)} MiB`;

/** Models: the embedded default, registered folders, the active model's details, add a folder. */
export function ModelsView() {
  const models = useAppState((s) => s.models);
  const [dir, setDir] = useState('');
  const choosePath = pathChooser();
  const [name, setName] = useState('');
  const [dtype, setDtype] = useState('');

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (await models.add(dir, name || undefined, dtype || undefined)) {
      setDir('');
      setName('');
      setDtype('');
    }
  };

  const d = models.details;
  return (
    <>
      <header className="view-header">
        <div>
          <h1>Models</h1>
          <p>The embedded default model and local folders in the Hugging Face ONNX layout.</p>
        </div>
        <button className="btn" onClick={() => void models.refresh()} disabled={models.loading}>
          Refresh
        </button>
      </header>

      <div className="grid-2">
        <section className="card">
          <h2>Available models</h2>
          <table className="data" data-testid="models-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Folder</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {models.models.map((m) => (
                <tr key={m.ref} className={m.ref === models.activeRef ? 'selected' : undefined}>
                  <td>
                    <strong>{m.name}</strong>
                    {!m.available ? <div className="error-box" style={{ marginTop: 4 }}>{m.problem}</div> : null}
                  </td>
                  <td>
                    <span className={`badge ${m.kind === 'default' ? 'accent' : ''}`}>{m.kind}</span>
                  </td>
                  <td className="mono" style={{ overflowWrap: 'anywhere' }}>
                    {m.dir}
                  </td>
                  <td>
                    {m.ref === models.activeRef ? (
                      <span className="badge ok">active</span>
                    ) : (
                      <button className="btn btn-small" disabled={!m.available} onClick={() => void models.select(m.ref)}>
                        Use
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {models.models.length === 0 && !models.loading ? (
                <tr>
                  <td colSpan={4} className="muted">
                    No models yet: add a folder below.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </section>

        <section className="card" data-testid="model-details">
          <h2>Active model</h2>
          <ErrorBox error={models.detailsError} />
          {d ? (
            <dl className="kv">
              <dt>name</dt>
              <dd>{d.name}</dd>
              <dt>provider</dt>
              <dd data-testid="active-provider">
                {d.provider}
                {d.providerFallback ? (
                  <div className="muted" style={{ fontFamily: 'var(--font)', fontSize: 12 }} title={d.providerFallback}>
                    fell back to CPU: {d.providerFallback.length > 90 ? `${d.providerFallback.slice(0, 90)}…` : d.providerFallback}
                  </div>
                ) : null}
              </dd>
              <dt>architecture</dt>
              <dd>
                {d.modelType} · {d.nLayer} layers · {d.nHead} heads · hidden {d.hiddenSize}
              </dd>
              <dt>vocabulary</dt>
              <dd>{d.vocabSize.toLocaleString()} tokens</dd>
              <dt>context</dt>
              <dd>{d.contextLength.toLocaleString()} tokens</dd>
              <dt>ONNX file</dt>
              <dd data-testid="active-onnx-file">
                {d.onnxFile}
                {d.dtype ? ` · ${d.dtype}` : ''}
                {d.layout ? ` · ${d.layout}` : ''}
              </dd>
              <dt>graphs in the folder</dt>
              <dd data-testid="active-variants">
                {d.variants && d.variants.length > 0
                  ? d.variants.map((v) => `${v.dtype} (${v.file}, ${mebibytes(v.bytes)})`).join(' · ')
                  : 'not listed'}
              </dd>
              <dt>attention</dt>
              <dd>{d.attentionAvailable ? 'available' : `unavailable: ${d.attentionUnavailableReason ?? ''}`}</dd>
              <dt>sha256</dt>
              <dd title={d.sha256}>{d.sha256.slice(0, 16)}…</dd>
            </dl>
          ) : !models.detailsError ? (
            <p className="muted">{models.activeRef ? 'Loading the model…' : 'No model selected.'}</p>
          ) : null}
        </section>
      </div>

      <div className="grid-2">
        <form className="card stack" onSubmit={(e) => void submit(e)} data-testid="add-model-form">
          <h2>Add a model folder</h2>
          <p className="muted" style={{ margin: 0 }}>
            A folder with <code>config.json</code>, <code>tokenizer.json</code>, <code>tokenizer_config.json</code> and <code>onnx/model.onnx</code>{' '}
            (transformers.js, onnx-community) or <code>model.onnx</code> beside them (Optimum&apos;s export). The folder is validated before it is registered.
          </p>
          <label className="field">
            Folder on the {'backend'} machine
            <input type="text" value={dir} onChange={(e) => setDir(e.target.value)} placeholder="/path/to/model-folder" name="dir" />
          </label>
          {choosePath ? (
            <div className="row">
              <button className="btn" type="button" onClick={() => void choosePath('folder').then((chosen) => chosen && setDir(chosen))}>
                Choose a folder…
              </button>
            </div>
          ) : null}
          <label className="field">
            Name (optional)
            <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="my-model" name="name" />
          </label>
          <label className="field">
            Graph (dtype)
            <select value={dtype} onChange={(e) => setDtype(e.target.value)} name="dtype" data-testid="add-model-dtype">
              <option value="">as the folder&apos;s config picks (else fp32)</option>
              {DTYPE_NAMES.map((t) => (
                <option key={t} value={t}>
                  {t} ({`model${DTYPE_SUFFIX[t]}.onnx`})
                </option>
              ))}
            </select>
          </label>
          <p className="muted ps-small" style={{ margin: 0 }}>
            Every load of the registered name uses this graph; a folder without it is refused, naming the graphs it has. The active model&apos;s graphs are listed above.
          </p>
          <ErrorBox error={models.addError} testId="add-model-error" />
          <div className="row">
            <button className="btn btn-primary" type="submit" disabled={models.adding || dir.trim() === ''}>
              {models.adding ? 'Validating…' : 'Add folder'}
            </button>
          </div>
        </form>
        <HubDownloadCard />
      </div>
    </>
  );
}
