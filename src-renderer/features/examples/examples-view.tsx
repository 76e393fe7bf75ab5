/**
 * Examples: import datasets, browse and search one page at a time, pin or exclude rows, and
 * draw demonstrations by seed.
 */
import { useEffect, useMemo, useState } from 'react';
import { samplingSettings } from './examples-slice.ts';
import { useAppState } from '../../state/store-context.tsx';
import { DemonstrationsCard } from './demonstrations-card.tsx';
import { ImportForm } from './import-form.tsx';
import { LabelCounts } from './label-counts.tsx';
import { RowsTable } from './rows-table.tsx';
import './examples.css';

const SEARCH_DEBOUNCE_MS = 200;

export function ExamplesView() {
  const ex = useAppState((s) => s.examples);
  const studyConfig = useAppState((s) => s.study.config);
  const navigate = useAppState((s) => s.app.navigate);
  // Slice actions are stable functions, selected on their own so the effects depend on them only.
  const loadDatasets = useAppState((s) => s.examples.loadDatasets);
  const loadRows = useAppState((s) => s.examples.loadRows);
  const [searchText, setSearchText] = useState(ex.search);

  useEffect(() => {
    void loadDatasets();
    // Once per visit; the slice keeps the rest.
  }, [loadDatasets]);

  useEffect(() => {
    if (searchText === ex.search) return;
    const timer = setTimeout(() => void loadRows({ search: searchText }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText, ex.search, loadRows]);

  const dataset = ex.datasets.find((d) => d.datasetId === ex.activeId) ?? null;
  const pinned = (ex.activeId && ex.pinned[ex.activeId]) || [];
  const excluded = (ex.activeId && ex.excluded[ex.activeId]) || [];
  const demoIds = useMemo(() => new Set(ex.demonstrations.map((d) => d.id)), [ex.demonstrations]);
  const lastRow = Math.min(ex.offset + ex.pageSize, ex.total);

  return (
    <div className="ps-examples-view">
      <header className="view-header">
        <div>
          <h1>Examples</h1>
          <p>Datasets for demonstrations and tests; pin rows to always use them, exclude rows never to draw them.</p>
        </div>
      </header>

      <ImportForm importing={ex.importing} error={ex.importError} onImport={ex.importDataset} />

      {ex.datasets.length > 0 ? (
        <section className="card stack">
          <div className="row">
            <h2 style={{ margin: 0 }}>Datasets</h2>
          </div>
          <div className="ps-dataset-list" role="list" data-testid="dataset-list">
            {ex.datasets.map((d) => (
              <div key={d.datasetId} role="listitem" className="ps-dataset" aria-current={d.datasetId === ex.activeId}>
                <button className="ps-dataset__pick" onClick={() => void ex.select(d.datasetId)} data-testid={`dataset-${d.name}`}>
                  <strong>{d.name}</strong>
                  <span className="muted">
                    {d.rows.toLocaleString()} rows · {d.format} · {Object.keys(d.labels).length} labels
                  </span>
                </button>
                <button className="btn btn-small" title={`Remove ${d.name}`} onClick={() => void ex.removeDataset(d.datasetId)}>
                  Remove
                </button>
              </div>
            ))}
          </div>
        </section>
      ) : null}

      {dataset ? (
        <div className="ps-examples-grid">
          <section className="card stack" data-testid="dataset-browser">
            <div className="row">
              <h2 style={{ margin: 0 }}>{dataset.name}</h2>
              <span className="muted ps-small">fields: {dataset.fields.filter((f) => f !== 'label').map((f) => `{{${f}}}`).join(' ')}</span>
            </div>
            <LabelCounts labels={dataset.labels} active={ex.label} onFilter={(label) => void ex.loadRows({ label })} />
            <div className="row">
              <input
                type="text"
                className="ps-search"
                placeholder="Search the text…"
                value={searchText}
                onChange={(e) => setSearchText(e.target.value)}
                aria-label="Search rows"
                data-testid="rows-search"
              />
              <span className="spacer" />
              <span className="muted ps-small" data-testid="rows-range">
                {ex.total === 0 ? 'no rows match' : `rows ${(ex.offset + 1).toLocaleString()}–${lastRow.toLocaleString()} of ${ex.total.toLocaleString()}`}
                {ex.search || ex.label ? ` (filtered from ${dataset.rows.toLocaleString()})` : ''}
              </span>
              <button className="btn btn-small" disabled={ex.offset === 0 || ex.rowsLoading} onClick={() => void ex.loadRows({ offset: 0 })} aria-label="First page">
                «
              </button>
              <button className="btn btn-small" disabled={ex.offset === 0 || ex.rowsLoading} onClick={() => void ex.loadRows({ offset: Math.max(0, ex.offset - ex.pageSize) })} data-testid="rows-prev">
                ‹ Prev
              </button>
              <button className="btn btn-small" disabled={lastRow >= ex.total || ex.rowsLoading} onClick={() => void ex.loadRows({ offset: ex.offset + ex.pageSize })} data-testid="rows-next">
                Next ›
              </button>
            </div>
            <div className={ex.rowsLoading ? 'ps-loading' : undefined}>
              <RowsTable
                rows={ex.rows}
                pinned={pinned}
                excluded={excluded}
                demonstrationIds={demoIds}
                search={ex.search}
                onTogglePinned={ex.togglePinned}
                onToggleExcluded={ex.toggleExcluded}
              />
            </div>
            {excluded.length > 0 || pinned.length > 0 ? (
              <p className="muted ps-small">
                {pinned.length} pinned · {excluded.length} excluded (they shape the demonstrations drawn here and in the prompt preview)
              </p>
            ) : null}
          </section>
          <DemonstrationsCard
            settings={samplingSettings(studyConfig, ex.previewSeed)}
            demonstrations={ex.demonstrations}
            pinned={pinned}
            error={ex.sampleError}
            onSettings={ex.setSettings}
            onProblem={ex.setSettingsProblem}
            onOpenPrompt={() => navigate('prompt')}
          />
        </div>
      ) : null}
    </div>
  );
}
