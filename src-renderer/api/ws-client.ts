import { ApiCalls } from '../../src-shared/api/api-calls.ts';
import type { ApiClient, ArgsInput, EventChannel, EventChannels, RequestChannel, ResultOf, Unsubscribe } from '../../src-shared/api/index.ts';
import { fail, type ApiResult } from '../../src-shared/api/result.ts';
import { decodeMessage, encodeMessage } from '../../src-shared/api/codec.ts';
import type { ServerFrame } from '../../src-shared/api/wire.ts';
import DecodeWorker from './decode-worker.ts?worker';

/** Messages at least this long are decoded in a worker (decode-worker.ts); smaller ones at once. */
const WORKER_DECODE_CHARS = 64 * 1024;

/**
 * The API client in browser mode: one WebSocket to the serving process, authenticated by the token
 * from the page URL.
 *
 * Calls are matched to replies by id (src-shared/rpc/pending-calls.ts). When the socket drops, calls
 * in flight answer `UNAVAILABLE` (results, not exceptions) and the client reconnects with a growing delay.
 */
export class WebSocketClient implements ApiClient {
  private socket: WebSocket | null = null;
  private readonly calls = new ApiCalls();
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private opened: Promise<void> | null = null;
  private retryMs = 250;
  /** Messages in arrival order; a large one holds those behind it until the worker has decoded it. */
  private readonly inbox: (ServerFrame | Promise<ServerFrame | null>)[] = [];
  private draining = false;
  private decoder: Worker | null = null;
  private readonly decoding = new Map<number, (frame: ServerFrame | null) => void>();
  private nextDecodeId = 1;

  constructor(
    private readonly url: string,
    private readonly onStatus: (status: 'connecting' | 'open' | 'closed') => void = () => {},
  ) {}

  call<C extends RequestChannel>(channel: C, args: ArgsInput<C>): Promise<ApiResult<ResultOf<C>>> {
    return this.connect().then(
      () => this.calls.call(channel, (seq) => this.socket!.send(encodeMessage({ type: 'request', seq, channel, args }))),
      (error: unknown) => fail<ResultOf<C>>('UNAVAILABLE', `cannot reach the Promptscope server: ${String(error)}`),
    );
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): Unsubscribe {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    this.listeners.set(event, set);
    void this.connect().catch(() => {});
    return () => set.delete(listener as (payload: unknown) => void);
  }

  private connect(): Promise<void> {
    if (this.opened) return this.opened;
    this.onStatus('connecting');
    this.opened = new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      socket.onopen = () => {
        this.retryMs = 250;
        this.onStatus('open');
        resolve();
      };
      socket.onmessage = (message) => this.receive(String(message.data));
      socket.onclose = (event) => {
        this.socket = null;
        this.opened = null;
        this.onStatus('closed');
        this.calls.failAll('the connection to the Promptscope server closed');
        reject(new Error(event.reason || `connection closed (${event.code})`));
        // Refused for a bad token (4401) is final; anything else may be a restart.
        if (event.code !== 4401 && this.listeners.size > 0) {
          setTimeout(() => void this.connect().catch(() => {}), this.retryMs);
          this.retryMs = Math.min(this.retryMs * 2, 5000);
        }
      };
    });
    return this.opened;
  }

  private receive(text: string): void {
    this.inbox.push(text.length >= WORKER_DECODE_CHARS ? this.decodeInWorker(text) : (decodeMessage(text) as ServerFrame));
    void this.drain();
  }

  /** Hands frames to their callers in the order they arrived. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.inbox.length > 0) {
        const next = this.inbox[0];
        const frame = next instanceof Promise ? await next : next;
        this.inbox.shift();
        if (frame) this.dispatch(frame);
      }
    } finally {
      this.draining = false;
    }
  }

  private decodeInWorker(text: string): Promise<ServerFrame | null> {
    if (typeof Worker === 'undefined') return Promise.resolve(decodeMessage(text) as ServerFrame);
    if (!this.decoder) {
      this.decoder = new DecodeWorker();
      this.decoder.onmessage = (event: MessageEvent<{ id: number; frame?: ServerFrame; error?: string }>) => {
        const done = this.decoding.get(event.data.id);
        this.decoding.delete(event.data.id);
        // A message the worker cannot parse would not parse here either; it is dropped as a bad frame is.
        done?.(event.data.frame ?? null);
      };
    }
    const id = this.nextDecodeId++;
    return new Promise((resolve) => {
      this.decoding.set(id, resolve);
      this.decoder!.postMessage({ id, text });
    });
  }

  private dispatch(frame: ServerFrame): void {
    if (frame.type === 'reply') {
      this.calls.resolve(frame.seq, frame.result);
    } else if (frame.type === 'event') {
      for (const listener of this.listeners.get(frame.event) ?? []) listener(frame.payload);
    }
  }
}

/** The socket URL for the page this script was served from, with the page's token. */
export function socketUrlFromLocation(location: Location): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/api?token=${encodeURIComponent(token)}`;
}
