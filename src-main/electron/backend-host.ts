import { utilityProcess, type UtilityProcess } from 'electron';
import { fail } from '../../src-shared/api/result.ts';
import type { FromBackend, ToBackend } from './ipc-names.ts';

/**
 * Main's handle on the backend utility process: sequence-numbered requests, replies matched back,
 * events passed on. If the process dies, calls in flight answer UNAVAILABLE and the next call
 * starts a new one.
 */
export class BackendHost {
  private child: UtilityProcess | null = null;
  private seq = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();

  constructor(
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly onEvent: (message: Extract<FromBackend, { type: 'event' }>) => void,
  ) {}

  call(senderId: number, channel: string, args: unknown): Promise<unknown> {
    const child = this.start();
    return new Promise((resolve) => {
      const seq = ++this.seq;
      this.pending.set(seq, resolve);
      child.postMessage({ type: 'request', seq, senderId, channel, args } satisfies ToBackend);
    });
  }

  /** Lets the backend read a path the user picked in a dialog (file access by consent). */
  grant(path: string): void {
    this.start().postMessage({ type: 'grant', path } satisfies ToBackend);
  }

  stop(): void {
    this.child?.kill();
    this.child = null;
  }

  private start(): UtilityProcess {
    if (this.child) return this.child;
    const child = utilityProcess.fork(this.entry, [], { serviceName: 'Promptscope backend', env: this.env, stdio: 'inherit' });
    child.on('message', (message: FromBackend) => {
      if (message.type === 'reply') {
        this.pending.get(message.seq)?.(message.result);
        this.pending.delete(message.seq);
      } else if (message.type === 'event') this.onEvent(message);
    });
    child.on('exit', (code) => {
      if (this.child === child) this.child = null;
      for (const resolve of this.pending.values()) resolve(fail('UNAVAILABLE', `the backend process stopped (exit code ${code}); try again`));
      this.pending.clear();
    });
    this.child = child;
    return child;
  }
}
