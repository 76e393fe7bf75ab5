import { describe, expect, it } from 'vitest';
import type { ClientFrame, PagePortMessage } from '../../src-shared/api/wire.ts';
import { PAGE_PORT_MESSAGE } from '../../src-shared/api/wire.ts';
import { PortClient } from './port-client.ts';

/**
 * The Electron client over a real MessageChannel: the test plays main (answering connect with a
 * port) and the backend (the port's other end), as src-main/electron/serve-port.ts does.
 */
function setUp(connectTimeoutMs = 5_000) {
  let deliver: (message: PagePortMessage, ports: readonly MessagePort[]) => void = () => {};
  const backends: { port: MessagePort; requests: ClientFrame[] }[] = [];
  let connects = 0;
  const bridge = {
    connect: () => {
      connects += 1;
      const { port1, port2 } = new MessageChannel();
      const backend = { port: port1, requests: [] as ClientFrame[] };
      port1.onmessage = (event: MessageEvent<ClientFrame>) => backend.requests.push(event.data);
      backends.push(backend);
      // main answers on another turn, as over IPC
      setTimeout(() => deliver({ type: PAGE_PORT_MESSAGE, kind: 'port' }, [port2]), 1);
    },
  };
  const client = new PortClient(bridge, (listener) => (deliver = listener), connectTimeoutMs);
  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  return { client, backends, connects: () => connects, stopped: (exitCode: number) => deliver({ type: PAGE_PORT_MESSAGE, kind: 'backend-stopped', exitCode }, []), until };
}

describe('PortClient (renderer to backend over a MessagePort main handed out)', () => {
  it('asks for one port, sends request frames over it and matches replies by id', async () => {
    const { client, backends, connects, until } = setUp();
    const a = client.call('runs.list', {});
    const b = client.call('models.list', {});
    await until(() => backends[0]?.requests.length === 2);
    expect(connects()).toBe(1);
    const [ra, rb] = backends[0].requests;
    expect(ra).toMatchObject({ type: 'request', channel: 'runs.list', args: {} });
    backends[0].port.postMessage({ type: 'reply', seq: rb.seq, result: { ok: true, value: ['m'] } });
    backends[0].port.postMessage({ type: 'reply', seq: ra.seq, result: { ok: true, value: ['r'] } });
    await expect(a).resolves.toEqual({ ok: true, value: ['r'] });
    await expect(b).resolves.toEqual({ ok: true, value: ['m'] });
    backends[0].port.close();
  });

  it('passes events to the listeners of their channel only', async () => {
    const { client, backends, until } = setUp();
    const seen: unknown[] = [];
    const off = client.on('study.progress', (p) => seen.push(p));
    await until(() => backends.length === 1);
    await until(() => backends[0].port !== undefined);
    backends[0].port.postMessage({ type: 'event', event: 'finetune.progress', payload: { other: true } });
    backends[0].port.postMessage({ type: 'event', event: 'study.progress', payload: { runId: 'r' } });
    await until(() => seen.length === 1);
    expect(seen).toEqual([{ runId: 'r' }]);
    off();
    backends[0].port.close();
  });

  it('answers calls in flight UNAVAILABLE when the backend stops, and asks for a new port on the next call', async () => {
    const { client, backends, connects, stopped, until } = setUp();
    const pending = client.call('runs.list', {});
    await until(() => backends[0]?.requests.length === 1);
    stopped(9);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('exit code 9') } });
    const next = client.call('runs.list', {});
    await until(() => backends[1]?.requests.length === 1);
    expect(connects()).toBe(2);
    backends[1].port.postMessage({ type: 'reply', seq: backends[1].requests[0].seq, result: { ok: true, value: [] } });
    await expect(next).resolves.toEqual({ ok: true, value: [] });
    backends.forEach((b) => b.port.close());
  });

  it('answers UNAVAILABLE when main never hands out a port', async () => {
    const client = new PortClient({ connect: () => {} }, () => {}, 20);
    await expect(client.call('runs.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('no port to the backend') } });
  });
});
