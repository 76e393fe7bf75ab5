import { useState } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import { useAppState } from '../../state/store-context.tsx';

/** Download an ONNX export from the Hugging Face Hub, with progress; says so plainly when offline. */
export function HubDownloadCard() {
  const download = useAppState((s) => s.models.download);
  const start = useAppState((s) => s.models.downloadFromHub);
  const [repo, setRepo] = useState('Xenova/distilgpt2');
  const [revision, setRevision] = useState('main');
  const p = download.progress;
  const percent = p && p.totalBytes ? Math.round((100 * p.receivedBytes) / p.totalBytes) : null;

  return (
    <form
      className="card stack"
      data-testid="hub-download-form"
      onSubmit={(e) => {
        e.preventDefault();
        void start(repo, revision);
      }}
    >
      <h2>Download from the Hugging Face Hub</h2>
      <p className="muted" style={{ margin: 0 }}>
        Fetches the repository's config, tokenizer and ONNX files into the application folder; an interrupted download resumes.
      </p>
      <div className="row">
        <label className="field" style={{ flex: 2 }}>
          Repository
          <input type="text" value={repo} onChange={(e) => setRepo(e.target.value)} name="repo" />
        </label>
        <label className="field" style={{ flex: 1 }}>
          Revision
          <input type="text" value={revision} onChange={(e) => setRevision(e.target.value)} name="revision" />
        </label>
      </div>
      {p && download.running ? (
        <div className="info-box">
          {p.file}: {(p.receivedBytes / 1e6).toFixed(1)} MB{percent !== null ? ` (${percent}%)` : ''}
        </div>
      ) : null}
      {download.done ? <div className="info-box">Downloaded and registered as {download.done}.</div> : null}
      <ErrorBox error={download.error} testId="hub-download-error" />
      <div className="row">
        <button className="btn btn-primary" type="submit" disabled={download.running || repo.trim() === ''}>
          {download.running ? 'Downloading…' : 'Download'}
        </button>
      </div>
    </form>
  );
}
