/** The stored runs, newest first, with selection for comparison and per-run open and export. */
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
}

const STATUS_CLASS: Record<string, string> = { done: 'ok', running: 'accent', failed: 'danger', cancelled: '', interrupted: 'danger' };

export function RunsTable({ runs, selected, exporting, onToggle, onOpen, onExport }: RunsTableProps) {
  const methods = [...new Set(runs.flatMap((r) => Object.keys(r.meanAccuracy)))];
  const sorted = [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <table className="data ps-runs-table" data-testid="runs-table">
      <thead>
        <tr>
          <th style={{ width: 28 }} aria-label="compare" />
          <th>name</th>
          <th>model</th>
          <th>status</th>
          <th>created</th>
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
          <tr key={run.runId} className={selected.includes(run.runId) ? 'selected' : undefined} data-run-id={run.runId}>
            <td>
              <input type="checkbox" checked={selected.includes(run.runId)} onChange={() => onToggle(run.runId)} aria-label={`compare ${run.name}`} />
            </td>
            <td>
              <button className="ps-link" onClick={() => onOpen(run.runId)} title="Open the charts in the Study view">
                {run.name}
              </button>
              <div className="muted ps-mono-small">{run.runId}</div>
            </td>
            <td>{run.model}</td>
            <td>
              <span className={`badge ${STATUS_CLASS[run.status] ?? ''}`}>{run.status}</span>
            </td>
            <td className="muted">{new Date(run.createdAt).toLocaleString()}</td>
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
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
