import type { ApiHandlers, HandlerContext } from '../../src-shared/api/client.ts';
import { toApiError, type ApiResult } from '../../src-shared/api/result.ts';
import { checkChannel, validateArgs } from '../../src-shared/api/validate.ts';
import { describeFsError } from '../fs-errors.ts';
import type { ErrorLog } from './error-log.ts';

/** Codes that mean the program failed, not the caller's input: their details go to the log only. */
const SERVER_CODES = new Set(['INTERNAL', 'WORKER_CRASHED', 'TIMEOUT', 'DISPOSED', 'UNAVAILABLE']);

/**
 * The one boundary every call crosses, whatever the transport (Electron IPC or the browser-mode
 * socket): the channel must be in the contract, the arguments must pass its schema, and whatever
 * the handler throws comes back as error data, never as an exception, and never with a stack
 * (stacks go to the error log).
 */
export async function dispatch(handlers: ApiHandlers, channel: unknown, rawArgs: unknown, ctx: HandlerContext, log?: ErrorLog): Promise<ApiResult<unknown>> {
  const known = checkChannel(channel);
  if (!known.ok) return known;
  const args = validateArgs(known.value, rawArgs);
  if (!args.ok) return args;
  try {
    const handler = handlers[known.value] as (a: unknown, c: HandlerContext) => Promise<ApiResult<unknown>>;
    return await handler(args.value, ctx);
  } catch (error) {
    const fsMessage = describeFsError(error);
    if (fsMessage) return { ok: false, error: { code: 'FILE', message: fsMessage } };
    const apiError = toApiError(error);
    if (!SERVER_CODES.has(apiError.code)) return { ok: false, error: apiError };
    log?.write(`${known.value}: ${apiError.code}`, error);
    const where = log ? ` (details in ${log.file})` : '';
    // An unexpected error's own message may quote what it choked on (JSON.parse quotes the text),
    // so only our own codes keep theirs.
    const message = apiError.code === 'INTERNAL' ? 'internal error' : apiError.message;
    return { ok: false, error: { code: apiError.code, message: `${known.value}: ${message}${where}` } };
  }
}

/** The HTTP status of an API result: 4xx for what the caller can fix, 5xx only for the program's own failures. */
export function httpStatus(result: ApiResult<unknown>): number {
  if (result.ok) return 200;
  const code = result.error.code;
  if (code === 'UNKNOWN_CHANNEL' || code === 'NOT_FOUND' || code === 'RUN_NOT_FOUND') return 404;
  if (code === 'FORBIDDEN' || code === 'FILE_ACCESS') return 403;
  if (code === 'RUN_BUSY') return 409;
  if (code === 'UNAVAILABLE' || code === 'WORKER_CRASHED' || code === 'TIMEOUT' || code === 'DISPOSED') return 503;
  if (code === 'INTERNAL') return 500;
  return 400;
}
