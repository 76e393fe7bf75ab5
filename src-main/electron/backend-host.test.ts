import { describe, expect, it } from 'vitest';
import { BackendHost, type BackendChild } from './backend-host.ts';
import type { FromBackend, ToBackend } from './ipc-names.ts';

/** A backend process that records what main sends and answers when the test says so. */
class FakeChild implements BackendChild {
  /** The requests main sent (file grants are not requests). */
  readonly sent: Extract<ToBackend, { type: 'request' }>[] = [];
  killed = false;
  private messageListener: (message: FromBackend) => void = () => {};
  private exitListener: (code: number) => void = () => {};

  postMessage(message: ToBackend): void {
    if (message.type === 'request') this.sent.push(message);
  }
  onMessage(listener: (message: FromBackend) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (code: number) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.killed = true;
  }
  reply(seq: number, value: unknown): void {
    this.messageListener({ type: 'reply', seq, result: { ok: true, value } });
  }
  emit(message: FromBackend): void {
    this.messageListener(message);
  }
  exit(code: number): void {
    this.exitListener(code);
  }
}

function host() {
  const children: FakeChild[] = [];
  const events: FromBackend[] = [];
  const backend = new BackendHost(
    () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    (event) => events.push(event),
  );
  return { backend, children, events };
}

describe('BackendHost (Electron main to the backend process)', () => {
  it('starts the process on the first call, sends the caller and channel, and matches replies by id', async () => {
    const { backend, children } = host();
    const a = backend.call(7, 'runs.list', {});
    const b = backend.call(8, 'models.list', {});
    expect(children).toHaveLength(1);
    const [first, second] = children[0].sent;
    expect(first).toMatchObject({ type: 'request', senderId: 7, channel: 'runs.list' });
    expect(second).toMatchObject({ type: 'request', senderId: 8, channel: 'models.list' });
    children[0].reply(second.seq, ['m']);
    children[0].reply(first.seq, ['r']);
    await expect(a).resolves.toEqual({ ok: true, value: ['r'] });
    await expect(b).resolves.toEqual({ ok: true, value: ['m'] });
  });

  it('passes events on with the window they are for', () => {
    const { backend, children, events } = host();
    void backend.call(1, 'app.info', {});
    children[0].emit({ type: 'event', event: 'study.progress', payload: { runId: 'r' }, senderId: 1 });
    expect(events).toEqual([{ type: 'event', event: 'study.progress', payload: { runId: 'r' }, senderId: 1 }]);
  });

  it('answers every call in flight UNAVAILABLE when the process dies, and starts a new one for the next call', async () => {
    const { backend, children } = host();
    const pending = [backend.call(1, 'runs.list', {}), backend.call(1, 'datasets.list', {})];
    children[0].exit(9);
    for (const result of await Promise.all(pending)) {
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('exit code 9') } });
    }
    const next = backend.call(1, 'runs.list', {});
    expect(children).toHaveLength(2);
    children[1].reply(children[1].sent[0].seq, []);
    await expect(next).resolves.toEqual({ ok: true, value: [] });
  });

  it('kills the process on stop and ignores a late reply from it', async () => {
    const { backend, children } = host();
    const call = backend.call(1, 'runs.list', {});
    backend.stop();
    expect(children[0].killed).toBe(true);
    children[0].exit(0);
    await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    children[0].reply(children[0].sent[0].seq, ['late']);
  });
});
