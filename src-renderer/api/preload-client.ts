import type { ApiClient, EventChannel, EventChannels, PreloadApi, RequestChannel, Unsubscribe } from '../../src-shared/api/index.ts';
import type { ApiResult } from '../../src-shared/api/result.ts';

/**
 * The API client inside Electron: the preload's named functions (window.promptscope), one per
 * request channel of the contract. There is no generic invoke to fall back on.
 */
export class PreloadClient implements ApiClient {
  constructor(private readonly bridge: PreloadApi) {}

  call<C extends RequestChannel>(channel: C, args: unknown): Promise<ApiResult<never>> {
    const fn = this.bridge[channel] as (a: unknown) => Promise<ApiResult<never>>;
    return fn(args);
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): Unsubscribe {
    return this.bridge.on(event, listener);
  }
}
