import { describe, expect, it } from 'vitest';
import { PAGE_PORT_MESSAGE, type PagePortMessage } from '../../src-shared/api/wire.ts';
import { CONNECT_IPC, PORT_IPC } from './ipc-names.ts';
import { buildPreloadApi, CHOOSE_PATH_IPC, forwardPorts, type PreloadIpc } from './preload-api.ts';

/**
 * The preload's exposed surface and its port forwarding, built with a recording stand-in for
 * ipcRenderer (Electron cannot start here; what matters is what the page can reach): `connect`
 * and `choosePath`, nothing generic, and main's ports passed on to the page's own window.
 */
type Port = { name: string };

function recordingIpc() {
  const invoked: { channel: string; args: unknown[] }[] = [];
  const sent: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, (event: { ports: Port[] }, message: unknown) => void>();
  const ipc: PreloadIpc<Port> = {
    invoke: async (channel, ...args) => {
      invoked.push({ channel, args });
      return { ok: true, value: null };
    },
    send: (channel, ...args) => void sent.push({ channel, args }),
    on: (channel, listener) => listeners.set(channel, listener),
  };
  return { ipc, invoked, sent, listeners };
}

describe('the preload surface', () => {
  it('exposes connect and choosePath, frozen, and nothing else', () => {
    const api = buildPreloadApi(recordingIpc().ipc);
    expect(Object.keys(api).sort()).toEqual(['choosePath', 'connect']);
    for (const name of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'require', 'process', 'runs.list']) expect(api).not.toHaveProperty(name);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('connect asks main for a port (no arguments the page could choose)', () => {
    const { ipc, sent } = recordingIpc();
    const connect = buildPreloadApi(ipc).connect as (...args: unknown[]) => void;
    connect('evil', { channel: 'x' });
    expect(sent).toEqual([{ channel: CONNECT_IPC, args: [] }]);
  });

  it('choosePath asks main for a dialog of one of two kinds only', async () => {
    const { ipc, invoked } = recordingIpc();
    const choose = buildPreloadApi(ipc).choosePath as (kind: string) => Promise<unknown>;
    await choose('folder');
    await choose('/etc/passwd');
    expect(invoked).toEqual([
      { channel: CHOOSE_PATH_IPC, args: ['folder'] },
      { channel: CHOOSE_PATH_IPC, args: ['file'] },
    ]);
  });

  it("posts main's port to the page with the port transferred, and a stopped backend without one; drops anything else", () => {
    const { ipc, listeners } = recordingIpc();
    const posted: { message: PagePortMessage; transfer: Port[] }[] = [];
    forwardPorts(ipc, (message, transfer) => posted.push({ message, transfer }));
    const deliver = listeners.get(PORT_IPC)!;
    deliver({ ports: [{ name: 'renderer end' }] }, { kind: 'port' });
    deliver({ ports: [] }, { kind: 'backend-stopped', exitCode: 3 });
    deliver({ ports: [] }, { kind: 'port' });
    deliver({ ports: [{ name: 'a' }, { name: 'b' }] }, { kind: 'port' });
    deliver({ ports: [] }, { kind: 'request', channel: 'runs.list' });
    deliver({ ports: [] }, null);
    expect(posted).toEqual([
      { message: { type: PAGE_PORT_MESSAGE, kind: 'port' }, transfer: [{ name: 'renderer end' }] },
      { message: { type: PAGE_PORT_MESSAGE, kind: 'backend-stopped', exitCode: 3 }, transfer: [] },
    ]);
  });
});
