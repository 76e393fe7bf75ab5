import type { EventChannel, RequestChannel } from './contract.ts';
import type { ApiResult } from './result.ts';

/**
 * Browser-mode WebSocket frames (encoded with codec.ts).
 *
 * A request carries a sequence number the reply echoes; events carry no number.
 */
export type ClientFrame = { type: 'request'; seq: number; channel: RequestChannel; args: unknown };

export type ServerFrame =
  | { type: 'reply'; seq: number; result: ApiResult<unknown> }
  | { type: 'event'; event: EventChannel; payload: unknown };
