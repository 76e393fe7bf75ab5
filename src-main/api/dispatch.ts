import type { ApiHandlers, HandlerContext } from '../../src-shared/api/client.ts';
import { toApiError, type ApiResult } from '../../src-shared/api/result.ts';
import { checkChannel, validateArgs } from '../../src-shared/api/validate.ts';

/**
 * The one boundary every call crosses, whatever the transport (Electron IPC or the browser-mode
 * socket): the channel must be in the contract, the arguments must pass its schema, and whatever
 * the handler throws comes back as error data, never as an exception.
 */
export async function dispatch(handlers: ApiHandlers, channel: unknown, rawArgs: unknown, ctx: HandlerContext): Promise<ApiResult<unknown>> {
  const known = checkChannel(channel);
  if (!known.ok) return known;
  const args = validateArgs(known.value, rawArgs);
  if (!args.ok) return args;
  try {
    const handler = handlers[known.value] as (a: unknown, c: HandlerContext) => Promise<ApiResult<unknown>>;
    return await handler(args.value, ctx);
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}
