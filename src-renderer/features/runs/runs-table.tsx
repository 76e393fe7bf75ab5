/**
 * The stored runs, newest first, each described by its own spec (data, model, shots, template,
 * test sample size) and its status with the reason it failed; selection for comparison; open,
 * export, rename, tag and delete (after a confirmation) per run.
 */
import { useState } from 'react';
import type { RunListItem } from '../../../src-shared/api/runs.ts';
import { percent } from '../study/charts/chart-style.ts';
import type { ExportFormat } from './runs-slice.ts';

export interface RunsTableProps {
  runs: readonly RunListItem[];
  selected: readonly string[];
  exporting: string | null;
  onToggle: (runId: string) => void;
  onOpen: (runId: string) => void;
  onExport: (runId: string, format: ExportFormat) => void;
  onRename: (runId: string, name: string) => Promise<boolean>;
  onTags: (runId: string, tags: string[]) => Promise<boolean>;
  onDelete: (runId: string) => Promise<boolean>;
}

const STATUS_CLASS: Record<string, string> = { done: 'ok', running: 'accent', failed: 'danger', cancelled: '', interrupted: 'danger' };

export function RunsTable({ runs, selected, exporting, onToggle, onOpen, onExport, onRename, onTags, onDelete }: RunsTableProps) {
  const methods = [...new Set(runs.flatMap((r) => Object.keys(r.meanAccuracy)))];
  const sorted = [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <table className="data ps-runs-table" data-testid="runs-table">
      <thead>
        <tr>
          <th style={{ width: 28 }} aria-label="compare" />
          <th>name · tags</th>
          <th>data (train → test)</th>
          <th>model</th>
          <th className="ps-num">shots</th>
          <th>template</th>
          <th className="ps-num">test n</th>
          <th>status</th>
          {methods.map((m) => (
            <th key={m} className="ps-num">
              {m}
            </th>
          ))}
          <th />
        </tr>
      </thead>
      <tbody>
        {sorted.map((run) => (
          <RunRow key={run.runId} run={run} methods={methods} selected={selected.includes(run.runId)} exporting={exporting} {...{ onToggle, onOpen, onExport, onRename, onTags, onDelete }} />
        ))}
      </tbody>
    </table>
  );
}

function RunRow({ run, methods, selected, exporting, onToggle, onOpen, onExport, onRename, onTags, onDelete }: Omit<RunsTableProps, 'runs' | 'selected'> & { run: RunListItem; methods: string[]; selected: boolean }) {
  const [editing, setEditing] = useState<null | { name: string; tags: string }>(null);
  const [confirming, setConfirming] = useState(false);
  const save = async () => {
    if (!editing) return;
    const tags = editing.tags.split(',').map((t) => t.trim()).filter(Boolean);
    const renamed = editing.name.trim() === run.name || (await onRename(run.runId, editing.name.trim()));
    const tagged = tags.join(',') === run.tags.join(',') || (await onTags(run.runId, tags));
    if (renamed && tagged) setEditing(null);
  };
  return (
    <tr className={selected ? 'selected' : undefined} data-run-id={run.runId}>
      <td>
        <input type="checkbox" checked={selected} onChange={() => onToggle(run.runId)} aria-label={`compare ${run.name}`} />
      </td>
      <td>
        {editing ? (
          <div className="stack" style={{ gap: 4 }}>
            <input type="text" value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} aria-label="run name" data-testid="run-name-input" />
            <input type="text" value={editing.tags} placeholder="tags, comma separated" onChange={(e) => setEditing({ ...editing, tags: e.target.value })} aria-label="run tags" data-testid="run-tags-input" />
            <div className="row">
              <button className="btn btn-small btn-primary" disabled={editing.name.trim() === ''} onClick={() => void save()} data-testid="run-save">
                Save
              </button>
              <button className="btn btn-small" onClick={() => setEditing(null)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <>
            <button className="ps-link" onClick={() => onOpen(run.runId)} title="Open its charts and its own spec in the Study view" data-testid="run-open">
              {run.name}
            </button>
            {run.tags.map((t) => (
              <span key={t} className="badge accent ps-tag">
                {t}
              </span>
            ))}
            <div className="muted ps-mono-small">{run.runId}</div>
          </>
        )}
      </td>
      <td className="ps-mono-small">
        {run.trainData}
        {run.testData && run.testData !== run.trainData ? ` → ${run.testData}` : run.testData ? ' (both)' : ''}
      </td>
      <td>{run.model}</td>
      <td className="ps-num">{run.shots ?? '–'}</td>
      <td className="ps-mono-small ps-runs-table__template" title={run.template}>
        {run.template.replace(/\n/g, '↵')}
      </td>
      <td className="ps-num">{run.testExamples.toLocaleString()}</td>
      <td>
        <span className={`badge ${STATUS_CLASS[run.status] ?? ''}`}>{run.status}</span>
        {run.reason ? (
          <div className="ps-runs-table__reason" data-testid="run-reason">
            {run.reason}
          </div>
        ) : null}
        <div className="muted ps-small">{new Date(run.createdAt).toLocaleString()}</div>
      </td>
      {methods.map((m) => (
        <td key={m} className="ps-num">
          {run.meanAccuracy[m] === undefined ? '–' : percent(run.meanAccuracy[m])}
        </td>
      ))}
      <td className="ps-runs-table__actions">
        {(['jsonl', 'csv', 'lm-eval'] as const).map((format) => (
          <button
            key={format}
            className="btn btn-small"
            disabled={exporting !== null}
            onClick={() => onExport(run.runId, format)}
            data-testid={`export-${format}-${run.runId}`}
            title={`Export one row per prediction as ${format}`}
          >
            {exporting === `${run.runId}:${format}` ? '…' : format.toUpperCase()}
          </button>
        ))}
        <div className="row" style={{ justifyContent: 'flex-end', marginTop: 4 }}>
          <button className="btn btn-small" onClick={() => setEditing({ name: run.name, tags: run.tags.join(', ') })} data-testid="run-edit">
            Rename / tag
          </button>
          {confirming ? (
            <>
              <button className="btn btn-small ps-button--danger" onClick={() => void onDelete(run.runId)} data-testid="run-delete-confirm">
                Delete it and its results
              </button>
              <button className="btn btn-small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button className="btn btn-small" onClick={() => setConfirming(true)} disabled={run.status === 'running'} data-testid="run-delete">
              Delete…
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
