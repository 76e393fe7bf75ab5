import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectClient } from './api/connect.ts';
import { App } from './app/app.tsx';
import './app/theme.css';
import { restoreSelections, watchSelections } from './state/persist.ts';
import { StoreProvider } from './state/store-context.tsx';
import { createAppStore, type AppStore } from './state/store.ts';

/**
 * The composition root (GitHub Desktop's ui/index.tsx): pick the transport, build the store around
 * it, render. Nothing else creates clients or stores.
 */
let store: AppStore | null = null;
const { client, mode } = connectClient((status) => store?.getState().app.setConnection(status));
store = createAppStore(client);
restoreSelections(store);
watchSelections(store);
if (mode === 'electron') store.getState().app.setConnection('open');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
