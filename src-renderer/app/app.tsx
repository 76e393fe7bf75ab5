import { Suspense, useEffect } from 'react';
import { useAppState } from '../state/store-context.tsx';
import { Notices } from './notices.tsx';
import { views } from './views.tsx';

/** The shell: left navigation, the current view, notices. Loads app info and models once. */
export function App() {
  const app = useAppState((s) => s.app);
  const refreshModels = useAppState((s) => s.models.refresh);
  const loadDatasets = useAppState((s) => s.examples.loadDatasets);

  useEffect(() => {
    void app.loadInfo();
    void refreshModels();
    // The restored dataset selection feeds the Prompt and Study views too, whichever opens first.
    void loadDatasets();
    // Once at start-up; slice actions are stable functions.
  }, [app.loadInfo, refreshModels, loadDatasets]);

  const current = views.find((v) => v.id === app.view) ?? views[0];
  return (
    <div className="shell">
      <div className="nav-column">
        <nav className="nav" aria-label="Views">
          <div className="brand">
            Promptscope<small>few-shot prompting workbench</small>
          </div>
          {views.map((view) => (
            <button key={view.id} data-testid={`nav-${view.id}`} aria-current={view.id === current.id ? 'page' : undefined} onClick={() => app.navigate(view.id)}>
              {view.title}
            </button>
          ))}
          <div className="status" data-testid="connection-status">
            <span className={`dot ${app.connection}`} />
            {app.connection === 'open' ? (app.info ? `${app.info.mode} mode · v${app.info.version}` : 'connected') : app.connection}
          </div>
        </nav>
      </div>
      <main className="ps-app-main" data-testid={`view-${current.id}`}>
        <Suspense fallback={<p className="muted">Loading…</p>}>{current.render()}</Suspense>
      </main>
      <Notices />
    </div>
  );
}
