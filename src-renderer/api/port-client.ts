import { ApiCalls } from '../../src-shared/api/api-calls.ts';
import type { ApiClient, ArgsInput, EventChannel, EventChannels, PreloadApi, RequestChannel, ResultOf, Unsubscribe } from '../../src-shared/api/index.ts';
import { fail, type ApiResult } from '../../src-shared/api/result.ts';
import { PAGE_PORT_MESSAGE, type ClientFrame, type PagePortMessage, type ServerFrame } from '../../src-shared/api/wire.ts';
import { EventListeners } from './event-listeners.ts';

/** Where the preload's port messages arrive (the page's own window; a stand-in in tests). */
export type PortMessages = (listener: (message: PagePortMessage, ports: readonly MessagePort[]) => void) => void;

/** How long to wait for main to answer a connect with a port before a call answers UNAVAILABLE. */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * The API client inside Electron: requests and events go over a MessagePort straight to the
 * backend utility process (main handed out both ends and relays nothing), in the frames browser
 * mode sends over its WebSocket, matched by id in the shared PendingCalls (ApiCalls).
 *
 * The port is asked for on the first call or subscription. If the backend process stops, main
 * says so: calls in flight answer UNAVAILABLE, and the next call asks for a new port (main starts
 * a new backend for it).
 */
export class PortClient implements ApiClient {
  private port: MessagePort | null = null;
  private waiting: { promise: Promise<MessagePort>; resolve(port: MessagePort): void } | null = null;
  private readonly calls = new ApiCalls();
  private readonly listeners = new EventListeners();

  constructor(
    private readonly bridge: Pick<PreloadApi, 'connect'>,
    messages: PortMessages,
    private readonly connectTimeoutMs = CONNECT_TIMEOUT_MS,
  ) {
    messages((message, ports) => {
      if (message.kind === 'port' && ports[0]) this.attach(ports[0]);
      else if (message.kind === 'backend-stopped') this.detach(`the backend process stopped (exit code ${message.exitCode}); try again`);
    });
  }

  call<C extends RequestChannel>(channel: C, args: ArgsInput<C>): Promise<ApiResult<ResultOf<C>>> {
    return this.connect().then(
      (port) => this.calls.call(channel, (seq) => port.postMessage({ type: 'request', seq, channel, args } satisfies ClientFrame)),
      (error: Error) => fail<ResultOf<C>>('UNAVAILABLE', `${channel}: ${error.message}`),
    );
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventChannels[E]) => void): Unsubscribe {
    const unsubscribe = this.listeners.add(event, listener);
    // Broadcasts go to every connected port: connect now so this window hears them.
    void this.connect().catch(() => {});
    return unsubscribe;
  }

  private connect(): Promise<MessagePort> {
    if (this.port) return Promise.resolve(this.port);
    if (this.waiting) return this.waiting.promise;
    let resolve!: (port: MessagePort) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<MessagePort>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const timer = setTimeout(() => {
      if (this.waiting?.promise !== promise) return;
      this.waiting = null;
      reject(new Error(`no port to the backend within ${this.connectTimeoutMs / 1000} s`));
    }, this.connectTimeoutMs);
    this.waiting = {
      promise,
      resolve: (port) => {
        clearTimeout(timer);
        resolve(port);
      },
    };
    this.bridge.connect();
    return promise;
  }

  private attach(port: MessagePort): void {
    // A port this client did not ask for is another listener's (main answers each connect once): left alone.
    if (!this.waiting) return;
    port.onmessage = (event) => this.receive(event.data as ServerFrame);
    this.port = port;
    const waiting = this.waiting;
    this.waiting = null;
    waiting.resolve(port);
  }

  private detach(message: string): void {
    this.port?.close();
    this.port = null;
    this.calls.failAll(message);
  }

  private receive(frame: ServerFrame): void {
    if (frame?.type === 'reply') {
      this.calls.resolve(frame.seq, frame.result);
    } else if (frame?.type === 'event') {
      this.listeners.emit(frame.event, frame.payload);
    }
  }
}

/** The preload's port messages, as window messages from the page's own window. */
export function windowPortMessages(target: Window): PortMessages {
  return (listener) =>
    target.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = event.data as Partial<PagePortMessage> | null;
      if (event.source !== target || message?.type !== PAGE_PORT_MESSAGE) return;
      listener(message as PagePortMessage, event.ports);
    });
}
