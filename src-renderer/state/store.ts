import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ApiClient } from '../../src-shared/api/index.ts';
import { sliceCreators, type RootState } from './root-slices.ts';
import type { SliceContext } from './slice.ts';

export type AppStore = StoreApi<RootState>;

/**
 * The one store, built in the composition root (main.tsx) with the client it should use.
 *
 * Each slice lives under its own key and updates only that key, so slices written by different
 * features cannot clobber each other's fields.
 */
export function createAppStore(client: ApiClient): AppStore {
  return createStore<RootState>()((setRoot, getRoot) => {
    const state = {} as Record<string, unknown>;
    for (const [key, create] of Object.entries(sliceCreators) as [keyof RootState, (ctx: SliceContext<unknown>) => unknown][]) {
      const ctx: SliceContext<unknown> = {
        client,
        get: () => getRoot()[key],
        set: (patch) =>
          setRoot((root) => {
            const current = root[key] as object;
            const delta = typeof patch === 'function' ? (patch as (s: unknown) => object)(current) : (patch as object);
            return { [key]: { ...current, ...delta } } as Partial<RootState>;
          }),
        root: getRoot,
      };
      state[key] = create(ctx);
    }
    return state as RootState;
  });
}
