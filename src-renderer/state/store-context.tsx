import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { RootState } from './root-slices.ts';
import type { AppStore } from './store.ts';

const StoreContext = createContext<AppStore | null>(null);

/** Provides the store built in main.tsx; no module-level singleton (tests can build their own). */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/**
 * Reads part of the store and re-renders when it changes. Select a slice (`s => s.models`) or a
 * field; a selector must not build a new object on every call.
 */
export function useAppState<T>(selector: (state: RootState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppState used outside StoreProvider');
  return useStore(store, selector);
}
