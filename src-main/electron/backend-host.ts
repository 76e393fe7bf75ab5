import { ApiCalls } from '../../src-shared/api/api-calls.ts';
import type { RequestChannel } from '../../src-shared/api/contract.ts';
import type { ApiResult } from '../../src-shared/api/result.ts';
import type { FromBackend, ToBackend } from './ipc-names.ts';

/** What BackendHost needs of the backend process (Electron's UtilityProcess; a fake in tests). */
export interface BackendChild {
  postMessage(message: ToBackend): void;
  onMessage(listener: (message: FromBackend) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

/**
 * Main's handle on the backend utility process: requests carry ids from the shared PendingCalls
 * (src-shared/rpc), replies are matched back, events passed on. If the process dies, calls in
 * flight answer UNAVAILABLE and the next call starts a new one.
 */
export class BackendHost {
  private child: BackendChild | null = null;
  private readonly calls = new ApiCalls();

  constructor(
    private readonly fork: () => BackendChild,
    private readonly onEvent: (message: Extract<FromBackend, { type: 'event' }>) => void,
  ) {}

  call(senderId: number, channel: RequestChannel, args: unknown): Promise<ApiResult<unknown>> {
    const child = this.start();
    return this.calls.call(channel, (seq) => child.postMessage({ type: 'request', seq, senderId, channel, args }));
  }

  /** Lets the backend read a path the user picked in a dialog (file access by consent). */
  grant(path: string): void {
    this.start().postMessage({ type: 'grant', path } satisfies ToBackend);
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
  }

  private start(): BackendChild {
    if (this.child) return this.child;
    const child = this.fork();
    child.onMessage((message) => {
      if (message.type === 'reply') this.calls.resolve(message.seq, message.result);
      else if (message.type === 'event') this.onEvent(message);
    });
    child.onExit((code) => {
      if (this.child === child) this.child = null;
      this.calls.failAll(`the backend process stopped (exit code ${code}); try again`);
    });
    this.child = child;
    return child;
  }
}
