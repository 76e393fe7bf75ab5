import { ApiCalls } from '../../src-shared/api/api-calls.ts';
import type { ApiClient, ArgsInput, EventChannel, EventChannels, RequestChannel, ResultOf, Unsubscribe } from '../../src-shared/api/index.ts';
import { fail, type ApiResult } from '../../src-shared/api/result.ts';
import { decodeFrame, encodeMessage } from '../../src-shared/api/codec.ts';
import type { ServerFrame } from '../../src-shared/api/wire.ts';
import type { SocketCommand, SocketNotice } from './socket-worker.ts';
import SocketWorker from './socket-worker.ts?worker';
import { EventListeners } from './event-listeners.ts';

/** What the client needs of a socket: a WebSocket on the page, or one in socket-worker.ts. */
interface FrameSocket {
  send(text: string): void;
  onopen: (() => void) | null;
  onframe: ((frame: ServerFrame) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
}

/** The socket in a worker (socket-worker.ts): frames arrive decoded, their arrays transferred. */
function workerSocket(url: string): FrameSocket {
  const worker = new SocketWorker();
  const socket: FrameSocket = { send: (text) => worker.postMessage({ type: 'send', text } satisfies SocketCommand), onopen: null, onframe: null, onclose: null };
  worker.onmessage = (event: MessageEvent<SocketNotice>) => {
    const notice = event.data;
    if (notice.type === 'open') socket.onopen?.();
    else if (notice.type === 'frame') socket.onframe?.(notice.frame as ServerFrame);
    else {
      worker.terminate();
      socket.onclose?.(notice);
    }
  };
  worker.postMessage({ type: 'open', url } satisfies SocketCommand);
  return socket;
}

/** A WebSocket on the page, where workers are missing. */
function pageSocket(url: string): FrameSocket {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  const socket: FrameSocket = { send: (text) => ws.send(text), onopen: null, onframe: null, onclose: null };
  ws.onopen = () => socket.onopen?.();
  ws.onmessage = (message) => socket.onframe?.(decodeFrame(message.data as string | ArrayBuffer) as ServerFrame);
  ws.onclose = (event) => socket.onclose?.(event);
  return socket;
}

/**
 * The API client in browser mode: one WebSocket to the serving process, authenticated by the token
 * from the page URL, held by a worker (socket-worker.ts) so that receiving and decoding large
 * messages never blocks the page.
 *
 * Calls are matched to replies by id (src-shared/rpc/pending-calls.ts). When the socket drops, calls
 * in flight answer `UNAVAILABLE` (results, not exceptions) and the client reconnects with a growing delay.
 */
export class WebSocketClient implements ApiClient {
  private socket: FrameSocket | null = null;
  private readonly calls = new ApiCalls();
  private readonly listeners = new EventListeners();
  private opened: Promise<void> | null = null;
  private retryMs = 250;

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
    const unsubscribe = this.listeners.add(event, listener);
    void this.connect().catch(() => {});
    return unsubscribe;
  }

  private connect(): Promise<void> {
    if (this.opened) return this.opened;
    this.onStatus('connecting');
    this.opened = new Promise<void>((resolve, reject) => {
      const socket = typeof Worker === 'function' ? workerSocket(this.url) : pageSocket(this.url);
      this.socket = socket;
      socket.onopen = () => {
        this.retryMs = 250;
        this.onStatus('open');
        resolve();
      };
      socket.onframe = (frame) => this.receive(frame);
      socket.onclose = (event) => {
        this.socket = null;
        this.opened = null;
        this.onStatus('closed');
        this.calls.failAll('the connection to the Promptscope server closed');
        reject(new Error(event.reason || `connection closed (${event.code})`));
        // Refused for a bad token (4401) is final; anything else may be a restart.
        if (event.code !== 4401 && this.listeners.subscribed) {
          setTimeout(() => void this.connect().catch(() => {}), this.retryMs);
          this.retryMs = Math.min(this.retryMs * 2, 5000);
        }
      };
    });
    return this.opened;
  }

  private receive(frame: ServerFrame): void {
    if (frame.type === 'reply') {
      this.calls.resolve(frame.seq, frame.result);
    } else if (frame.type === 'event') {
      this.listeners.emit(frame.event, frame.payload);
    }
  }
}

/** The socket URL for the page this script was served from, with the page's token. */
export function socketUrlFromLocation(location: Location): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}/api?token=${encodeURIComponent(token)}`;
}
