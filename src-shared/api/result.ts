/**
 * Results, not exceptions, across process boundaries (Signal's wrapResult).
 *
 * Every API call answers `{ ok: true, value }` or `{ ok: false, error }`; errors are plain data the
 * UI can show as they are, so nothing depends on an Error class surviving IPC or a WebSocket.
 */

/** Stable machine codes the UI may branch on; engine and storage codes pass through unchanged. */
export type ApiErrorCode =
  | 'INVALID_ARGS'
  | 'UNKNOWN_CHANNEL'
  | 'NOT_FOUND'
  | 'UNAVAILABLE'
  | 'OFFLINE'
  | 'CANCELLED'
  | 'INTERNAL'
  | (string & {});

export interface ApiError {
  code: ApiErrorCode;
  /** One line a user can act on, naming the file, field or token. */
  message: string;
  detail?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ApiErrorCode, message: string, detail?: string): ApiResult<T> {
  return { ok: false, error: detail === undefined ? { code, message } : { code, message, detail } };
}

/** Any thrown value as ApiError data; errors carrying a `code` (EngineRequestError, storage errors) keep it. */
export function toApiError(error: unknown): ApiError {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const e = error as { code?: unknown; message: unknown; detail?: unknown; stack?: unknown };
    const code = typeof e.code === 'string' && e.code.length > 0 ? e.code : 'INTERNAL';
    const message = String(e.message).split('\n')[0];
    const detail = typeof e.detail === 'string' ? e.detail : code === 'INTERNAL' && typeof e.stack === 'string' ? e.stack : undefined;
    return detail === undefined ? { code, message } : { code, message, detail };
  }
  return { code: 'INTERNAL', message: String(error) };
}
