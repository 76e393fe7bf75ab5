import type { ArgsInput, Args, EventChannel, EventChannels, RequestChannel, ResultOf } from './contract.ts';
import type { ApiResult } from './result.ts';

/**
 * The typed shapes both sides build from the contract.
 *
 * `ApiClient` is what the renderer's store calls (implemented over WebSocket or the preload);
 * `ApiHandlers` is what src-main/api implements once for both transports.
 */

export type Unsubscribe = () => void;

export interface ApiClient {
  call<C extends RequestChannel>(channel: C, args: ArgsInput<C>): Promise<ApiResult<ResultOf<C>>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): Unsubscribe;
}

/** Lets a handler send events to whoever should hear them (the caller, or every window/socket). */
export interface HandlerContext {
  emit<E extends EventChannel>(event: E, payload: EventChannels[E]): void;
}

export type Handler<C extends RequestChannel> = (args: Args<C>, ctx: HandlerContext) => Promise<ApiResult<ResultOf<C>>>;

export type ApiHandlers = { [C in RequestChannel]: Handler<C> };

/**
 * The preload's surface (window.promptscope in Electron): `connect` asks main for a MessagePort to
 * the backend, which arrives as a window message (wire.ts PAGE_PORT_MESSAGE); the API is then
 * spoken over that port with the same frames as browser mode's WebSocket.
 */
export type PreloadApi = {
  connect(): void;
  /** main's open dialog; the backend may read the chosen path from then on (file access by consent). */
  choosePath?(kind: 'file' | 'folder'): Promise<ApiResult<{ path: string | null }>>;
};
