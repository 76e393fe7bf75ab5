/**
 * The request/response bookkeeping every transport of the program shares: the engine host and its
 * child process, Electron's renderer and the backend utility process (over the MessagePort main hands
 * out; main's file grants to the backend too), the browser's WebSocket client,
 * and the head trainer and its worker thread.
 *
 * A call gets the next id, which the transport sends with the request and the far side echoes in
 * its answer; `resolve`/`reject` settle it by that id. A call not answered within its timeout is
 * rejected (and the transport told, so it can restart what hung). When the transport closes,
 * `failAll` rejects every call in flight at once, so no caller waits on an answer that cannot come.
 * Transports that answer with result data rather than exceptions (the API's ApiResult) turn the
 * rejection into data at their edge (`settleAsResult`).
 *
 * Pure TypeScript: timers are the host's `setTimeout`/`clearTimeout`, passed in or found on globalThis.
 */
export interface RpcTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Why a call ended without an answer: `timeout`, `closed` (failAll) or `cancelled`. */
export class RpcError extends Error {
  constructor(
    readonly reason: 'timeout' | 'closed' | 'cancelled',
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export interface CallOptions {
  /** Milliseconds before the call is rejected; default the instance's, none when that is unset. */
  timeoutMs?: number;
  /** The error a timed-out call is rejected with (default an RpcError naming the id and limit). */
  timeoutError?: () => Error;
  /** Called after a call timed out, e.g. to restart the process that hung. */
  onTimeout?: (id: number) => void;
}

interface Pending<R> {
  resolve: (value: R) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

/** The host's timers, called as functions (a browser refuses `setTimeout` called on another object). */
function hostTimers(): RpcTimers {
  const host = globalThis as typeof globalThis & Partial<RpcTimers>;
  const { setTimeout: set, clearTimeout: clear } = host;
  if (!set || !clear) throw new Error('PendingCalls needs timers (none on globalThis)');
  return { setTimeout: (callback, ms) => set(callback, ms), clearTimeout: (handle) => clear(handle) };
}

export class PendingCalls<R = unknown> {
  private lastId = 0;
  private readonly pending = new Map<number, Pending<R>>();
  private readonly timers: RpcTimers;

  constructor(private readonly defaults: { timeoutMs?: number; timers?: RpcTimers } = {}) {
    this.timers = defaults.timers ?? hostTimers();
  }

  /** Calls waiting for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /**
   * Starts a call: takes the next id, hands it to `send` (which writes the request), and resolves
   * with the answer for that id. A throwing `send` rejects the call at once.
   */
  call(send: (id: number) => void, options: CallOptions = {}): Promise<R> {
    const id = ++this.lastId;
    return new Promise<R>((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? this.defaults.timeoutMs;
      const timer =
        timeoutMs === undefined
          ? undefined
          : this.timers.setTimeout(() => {
              if (!this.pending.delete(id)) return;
              reject(options.timeoutError?.() ?? new RpcError('timeout', `call ${id} got no answer within ${timeoutMs} ms`));
              options.onTimeout?.(id);
            }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        send(id);
      } catch (error) {
        this.take(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Settles call `id` with its answer; false when no such call is waiting (late or unknown). */
  resolve(id: number, value: R): boolean {
    const pending = this.take(id);
    pending?.resolve(value);
    return pending !== undefined;
  }

  /** Fails call `id`; false when no such call is waiting. */
  reject(id: number, error: Error): boolean {
    const pending = this.take(id);
    pending?.reject(error);
    return pending !== undefined;
  }

  /** The transport closed: every call in flight fails with `error()`. Returns how many did. */
  failAll(error: () => Error): number {
    const all = [...this.pending.keys()];
    for (const id of all) this.take(id)?.reject(error());
    return all.length;
  }

  private take(id: number): Pending<R> | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    if (pending.timer !== undefined) this.timers.clearTimeout(pending.timer);
    return pending;
  }
}
