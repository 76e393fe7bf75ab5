import { PendingCalls, RpcError, type CallOptions, type RpcTimers } from '../rpc/pending-calls.ts';
import type { RequestChannel, ResultOf } from './contract.ts';
import { fail, type ApiResult } from './result.ts';

/**
 * PendingCalls typed by the API contract, for the transports that carry API calls (the browser's
 * WebSocket client, Electron's renderer-to-backend MessagePort). API calls answer with ApiResult data, never
 * exceptions: a call the transport cannot finish (closed, timed out) answers UNAVAILABLE or TIMEOUT.
 */
export class ApiCalls {
  private readonly calls: PendingCalls<ApiResult<unknown>>;

  constructor(options: { timeoutMs?: number; timers?: RpcTimers } = {}) {
    this.calls = new PendingCalls(options);
  }

  get size(): number {
    return this.calls.size;
  }

  call<C extends RequestChannel>(channel: C, send: (id: number) => void, options: CallOptions = {}): Promise<ApiResult<ResultOf<C>>> {
    return this.calls.call(send, options).then(
      // The one place wire data meets the contract's result type: the far side's dispatch built it
      // from the same contract (src-main/api/dispatch.ts).
      (result) => result as ApiResult<ResultOf<C>>,
      (error: Error) => fail(error instanceof RpcError && error.reason === 'timeout' ? 'TIMEOUT' : 'UNAVAILABLE', `${channel}: ${error.message}`),
    );
  }

  /** The answer to call `id` arrived. */
  resolve(id: number, result: ApiResult<unknown>): boolean {
    return this.calls.resolve(id, result);
  }

  /** The transport closed: every call in flight answers UNAVAILABLE with `message`. */
  failAll(message: string): number {
    return this.calls.failAll(() => new RpcError('closed', message));
  }
}
