/**
 * Runs: every stored run; open one's charts, export its predictions (JSONL, CSV, the
 * lm-evaluation-harness format), or select several and compare them side by side.
 */
import { useEffect } from 'react';
import type { ExportFormat } from '../../../src-shared/api/runs.ts';
import { downloadText } from '../../components/download.ts';
import { ErrorBox } from '../../components/error-box.tsx';
import { useAppState } from '../../state/store-context.tsx';
import { RunsComparison } from './runs-comparison.tsx';
import { RunsTable } from './runs-table.tsx';
import './runs.css';

export function RunsView() {
  const runs = useAppState((s) => s.runs);
  const loadRuns = useAppState((s) => s.runs.loadRuns);

  useEffect(() => {
    void loadRuns();
  }, [loadRuns]);

  const exportRun = async (runId: string, format: ExportFormat) => {
    const file = await runs.exportRun(runId, format);
    if (file) downloadText(file.fileName, file.content, file.mimeType);
  };

  return (
    <div className="ps-runs-view">
      <header className="view-header">
        <div>
          <h1>Runs</h1>
          <p>Stored studies. Select two or more to compare them; export any run's predictions.</p>
        </div>
        <button className="btn" onClick={() => void runs.loadRuns()} disabled={runs.loading}>
          {runs.loading ? 'Refreshing…' : 'Refresh'}
        </button>
      </header>
      <section className="card stack">
        {runs.list.length === 0 && !runs.loading ? <p className="muted">No runs yet: start one in the Study view.</p> : null}
        {runs.list.length > 0 ? (
          <RunsTable
            runs={runs.list}
            selected={runs.selected}
            exporting={runs.exporting}
            onToggle={runs.toggleSelected}
            onOpen={(id) => void runs.open(id)}
            onExport={(id, format) => void exportRun(id, format)}
            onRename={runs.rename}
            onTags={runs.setTags}
            onDelete={runs.remove}
          />
        ) : null}
        <div className="row">
          <button className="btn btn-primary" disabled={runs.selected.length < 2 || runs.comparing} onClick={() => void runs.compare()} data-testid="runs-compare">
            {runs.comparing ? 'Comparing…' : `Compare ${runs.selected.length >= 2 ? runs.selected.length : ''} selected`}
          </button>
          <span className="muted ps-small">{runs.selected.length < 2 ? 'tick two or more runs' : ''}</span>
        </div>
        <ErrorBox error={runs.compareError} />
      </section>
      {runs.comparison ? <RunsComparison comparison={runs.comparison} /> : null}
    </div>
  );
}
