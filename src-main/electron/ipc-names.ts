import type { EventChannelName as EventChannel, REQUEST_CHANNEL_NAMES } from '../../src-shared/api/channel-names.ts';
import type { ApiResult } from '../../src-shared/api/result.ts';

type RequestChannel = (typeof REQUEST_CHANNEL_NAMES)[number];

/** IPC channel names for the contract's request and event channels (prefixed, so nothing else collides). */
export const requestIpc = (channel: RequestChannel) => `api:${channel}`;
export const eventIpc = (event: EventChannel) => `event:${event}`;

/** Messages between the main process and the backend utility process. */
export type ToBackend =
  | { type: 'request'; seq: number; senderId: number; channel: RequestChannel; args: unknown }
  /** A path the user picked in main's file dialog: the backend may read it from now on. */
  | { type: 'grant'; path: string };
export type FromBackend =
  | { type: 'reply'; seq: number; result: ApiResult<unknown> }
  | { type: 'event'; event: EventChannel; payload: unknown; /** Only this window; absent = every window. */ senderId?: number };
