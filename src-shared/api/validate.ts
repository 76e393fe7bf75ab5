import type { z } from 'zod';
import { isRequestChannel, requestChannels, type Args, type RequestChannel } from './contract.ts';
import { formatIssue } from './format-issue.ts';
import { fail, ok, type ApiResult } from './result.ts';

/**
 * Checks a call's arguments against the contract where they arrive (main process, server).
 *
 * The message names the channel and the first offending field, e.g.
 * `next: args.top: Too big: expected number to be <=1000`, so a user or a test sees what to fix.
 */
export function validateArgs<C extends RequestChannel>(channel: C, raw: unknown): ApiResult<Args<C>> {
  const schema = requestChannels[channel].args as z.ZodType;
  const parsed = schema.safeParse(raw === undefined ? {} : raw);
  if (parsed.success) return ok(parsed.data as Args<C>);
  const detail = parsed.error.issues.map((i) => formatIssue(i, ['args'])).join('\n');
  return fail('INVALID_ARGS', `${channel}: ${formatIssue(parsed.error.issues[0], ['args'])}`, detail);
}

/** Rejects names outside the contract before anything else looks at the call. */
export function checkChannel(name: unknown): ApiResult<RequestChannel> {
  if (isRequestChannel(name)) return ok(name);
  return fail('UNKNOWN_CHANNEL', `unknown API channel ${JSON.stringify(name)}`);
}
