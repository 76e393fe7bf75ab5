import { describe, expect, it } from 'vitest';
import { BackendHost, type BackendChild } from './backend-host.ts';
import type { FromBackend, ToBackend } from './ipc-names.ts';

/** A port end: just a name, so the test sees which end went where. */
type Port = { end: string };

/** A backend process that records what main posts (with the ports transferred) and answers when told. */
class FakeChild implements BackendChild<Port> {
  readonly posted: { message: ToBackend; transfer: Port[] }[] = [];
  killed = false;
  private messageListener: (message: FromBackend) => void = () => {};
  private exitListener: (code: number) => void = () => {};

  postMessage(message: ToBackend, transfer: Port[] = []): void {
    this.posted.push({ message, transfer });
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
  answer(message: FromBackend): void {
    this.messageListener(message);
  }
  exit(code: number): void {
    this.exitListener(code);
  }
}

function host() {
  const children: FakeChild[] = [];
  const stopped: number[] = [];
  let channels = 0;
  const backend = new BackendHost<Port>(
    () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    () => {
      channels += 1;
      return { backendEnd: { end: `backend-${channels}` }, rendererEnd: { end: `renderer-${channels}` } };
    },
    (code) => stopped.push(code),
  );
  return { backend, children, stopped };
}

describe('BackendHost (Electron main hands out ports to the backend process)', () => {
  it('starts the process on the first connect and gives it one end of a new channel per window, returning the other', () => {
    const { backend, children } = host();
    expect(backend.connect()).toEqual({ end: 'renderer-1' });
    expect(backend.connect()).toEqual({ end: 'renderer-2' });
    expect(children).toHaveLength(1);
    expect(children[0].posted).toEqual([
      { message: { type: 'connect' }, transfer: [{ end: 'backend-1' }] },
      { message: { type: 'connect' }, transfer: [{ end: 'backend-2' }] },
    ]);
  });

  it('resolves a file grant only once the backend says it applied it, matched by id', async () => {
    const { backend, children } = host();
    let first = false;
    const a = backend.grant('/data/a.csv').then(() => (first = true));
    const b = backend.grant('/data/b.csv');
    const [ga, gb] = children[0].posted.map((p) => p.message);
    expect(ga).toMatchObject({ type: 'grant', path: '/data/a.csv' });
    expect(gb).toMatchObject({ type: 'grant', path: '/data/b.csv' });
    if (ga.type !== 'grant' || gb.type !== 'grant') throw new Error('expected grants');
    children[0].answer({ type: 'granted', seq: gb.seq });
    await b;
    expect(first).toBe(false);
    children[0].answer({ type: 'granted', seq: ga.seq });
    await a;
    expect(first).toBe(true);
  });

  it('when the process dies: pending grants fail, the windows are told, and the next connect starts a new process', async () => {
    const { backend, children, stopped } = host();
    backend.connect();
    const grant = backend.grant('/data/a.csv');
    children[0].exit(9);
    await expect(grant).rejects.toThrow(/exit code 9/);
    expect(stopped).toEqual([9]);
    backend.connect();
    expect(children).toHaveLength(2);
    expect(children[1].posted[0].message).toEqual({ type: 'connect' });
  });

  it('kills the process on stop; a later connect starts a fresh one', () => {
    const { backend, children } = host();
    backend.connect();
    backend.stop();
    expect(children[0].killed).toBe(true);
    backend.connect();
    expect(children).toHaveLength(2);
  });
});
