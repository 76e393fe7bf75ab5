import type { EngineError } from './protocol.ts';

/**
 * An error the engine expects and can explain: a stable code plus one line for the user.
 *
 * Thrown inside the worker and turned into plain `EngineError` data at the thread boundary
 * (Signal's wrapResult), so the host never sees a class it cannot clone.
 */
export class EngineFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'EngineFailure';
  }
}

/** Any thrown value as `EngineError` data; unexpected errors keep their stack in `detail`. */
export function toEngineError(error: unknown): EngineError {
  if (error instanceof EngineFailure) return { code: error.code, message: error.message, ...(error.detail ? { detail: error.detail } : {}) };
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message.split('\n')[0], ...(error.stack ? { detail: error.stack } : {}) };
  return { code: 'INTERNAL', message: String(error) };
}

/**
 * The host-side form of an `EngineError`: a real Error (so callers can `catch` and `reportError`
 * prints its message) that keeps the code.
 */
export class EngineRequestError extends Error {
  readonly code: string;
  readonly detail?: string;
  constructor(error: EngineError) {
    super(error.message);
    this.name = 'EngineRequestError';
    this.code = error.code;
    this.detail = error.detail;
  }
}
