import type { ApiClient } from '../../src-shared/api/index.ts';
import type { ApiError, ApiResult } from '../../src-shared/api/result.ts';
import type { RootState } from './root-slices.ts';

/**
 * One domain's part of the store (Signal's ducks, GitHub Desktop's dispatcher): its data and the
 * actions that change it. Components read a slice and call its actions; only actions use the client.
 */
export interface SliceContext<S> {
  client: ApiClient;
  get: () => S;
  set: (patch: Partial<S> | ((state: S) => Partial<S>)) => void;
  /** The whole store, to read another slice (e.g. the active model) or call its actions. */
  root: () => RootState;
}

export type SliceCreator<S> = (ctx: SliceContext<S>) => S;

/** The error half of a result, or null: for slices that keep `error: ApiError | null`. */
export function errorOf<T>(result: ApiResult<T>): ApiError | null {
  return result.ok ? null : result.error;
}
