import { startTransition, Suspense, useEffect, useState } from 'react';
import { useAppState } from '../state/store-context.tsx';
import { Notices } from './notices.tsx';
import { preloadViews, views } from './views.tsx';

/** The shell: left navigation, the current view, notices. Loads app info and models once. */
export function App() {
  const app = useAppState((s) => s.app);
  const loadInfo = useAppState((s) => s.app.loadInfo);
  const refreshModels = useAppState((s) => s.models.refresh);
  const loadDatasets = useAppState((s) => s.examples.loadDatasets);

  useEffect(() => {
    void loadInfo();
    void refreshModels();
    // The restored dataset selection feeds the Prompt and Study views too, whichever opens first.
    void loadDatasets();
    // Once at start-up; slice actions are stable functions.
  }, [loadInfo, refreshModels, loadDatasets]);
  // Every view's code, evaluated while the page is idle rather than when a view is first opened.
  useEffect(() => void preloadViews(), []);

  // The nav highlights at once; the new view renders as a transition, which React splits into
  // short slices, so switching to a heavy view (charts, a long table) never blocks input.
  const [shownView, setShownView] = useState(app.view);
  useEffect(() => startTransition(() => setShownView(app.view)), [app.view]);
  const current = views.find((v) => v.id === shownView) ?? views[0];
  const highlighted = views.find((v) => v.id === app.view) ?? current;
  return (
    <div className="shell">
      <div className="nav-column">
        <nav className="nav" aria-label="Views">
          <div className="brand">
            Promptscope<small>few-shot prompting workbench</small>
          </div>
          {views.map((view) => (
            <button key={view.id} data-testid={`nav-${view.id}`} aria-current={view.id === highlighted.id ? 'page' : undefined} onClick={() => app.navigate(view.id)}>
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
