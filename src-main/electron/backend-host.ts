import { PendingCalls } from '../../src-shared/rpc/pending-calls.ts';
import type { FromBackend, ToBackend } from './ipc-names.ts';

/** What BackendHost needs of the backend process (Electron's UtilityProcess; a fake in tests). */
export interface BackendChild<Port> {
  postMessage(message: ToBackend, transfer?: Port[]): void;
  onMessage(listener: (message: FromBackend) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

/** Two entangled ports (Electron's MessageChannelMain; a Node MessageChannel in tests). */
export interface PortPair<Port> {
  backendEnd: Port;
  rendererEnd: Port;
}

/**
 * Main's handle on the backend utility process. Main relays no API call: `connect` creates a
 * MessageChannel, posts one end to the backend and hands the other to the caller (which
 * transfers it to the renderer), as VS Code connects windows to its utility processes. Main's
 * own messages (file grants, answered once applied) keep their ids in the shared PendingCalls
 * (src-shared/rpc). The process starts on the first connect; when it dies, pending grants fail,
 * `onStopped` tells the windows (their ports are dead), and the next connect starts a new one.
 */
export class BackendHost<Port> {
  private child: BackendChild<Port> | null = null;
  private readonly grants = new PendingCalls<void>();

  constructor(
    private readonly fork: () => BackendChild<Port>,
    private readonly createChannel: () => PortPair<Port>,
    private readonly onStopped: (exitCode: number) => void,
  ) {}

  /** A new port to the backend (starting it if needed); the backend serves the other end. */
  connect(): Port {
    const child = this.start();
    const { backendEnd, rendererEnd } = this.createChannel();
    child.postMessage({ type: 'connect' }, [backendEnd]);
    return rendererEnd;
  }

  /**
   * Lets the backend read a path the user picked in a dialog (file access by consent). Resolves
   * once the backend has applied it, so a request the renderer sends over its own port after the
   * dialog's answer cannot overtake the grant (two ports are not ordered with each other).
   */
  grant(path: string): Promise<void> {
    const child = this.start();
    return this.grants.call((seq) => child.postMessage({ type: 'grant', seq, path }));
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
  }

  private start(): BackendChild<Port> {
    if (this.child) return this.child;
    const child = this.fork();
    child.onMessage((message) => {
      if (message.type === 'granted') this.grants.resolve(message.seq, undefined);
    });
    child.onExit((code) => {
      if (this.child === child) this.child = null;
      this.grants.failAll(() => new Error(`the backend process stopped (exit code ${code}); try again`));
      this.onStopped(code);
    });
    this.child = child;
    return child;
  }
}
