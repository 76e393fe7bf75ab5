import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL_NAMES, REQUEST_CHANNEL_NAMES } from '../../src-shared/api/channel-names.ts';
import { buildPreloadApi, CHOOSE_PATH_IPC, type PreloadIpc } from './preload-api.ts';

/**
 * The preload's exposed surface, built with a recording stand-in for ipcRenderer (Electron cannot
 * start here; what matters is what the page can reach): exactly one function per contract channel,
 * `on` and `choosePath`, nothing generic.
 */
function recordingIpc() {
  const calls: { channel: string; args: unknown[] }[] = [];
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const ipc: PreloadIpc = {
    invoke: async (channel, ...args) => {
      calls.push({ channel, args });
      return { ok: true, value: null };
    },
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  return { ipc, calls, listeners };
}

describe('the preload surface', () => {
  it('exposes one named function per request channel, on and choosePath, frozen, and nothing else', () => {
    const api = buildPreloadApi(recordingIpc().ipc);
    expect(Object.keys(api).sort()).toEqual([...REQUEST_CHANNEL_NAMES, 'on', 'choosePath'].sort());
    for (const name of ['invoke', 'send', 'sendSync', 'ipcRenderer', 'require', 'process']) expect(api).not.toHaveProperty(name);
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('each channel function invokes only its own prefixed IPC channel', async () => {
    const { ipc, calls } = recordingIpc();
    const api = buildPreloadApi(ipc);
    for (const channel of REQUEST_CHANNEL_NAMES) await (api[channel] as (a: unknown) => Promise<unknown>)({ x: 1 });
    expect(calls.map((c) => c.channel)).toEqual(REQUEST_CHANNEL_NAMES.map((c) => `api:${c}`));
    expect(calls.every((c) => c.args.length === 1)).toBe(true);
  });

  it('on accepts only the contract events and returns an unsubscribe', () => {
    const { ipc, listeners } = recordingIpc();
    const api = buildPreloadApi(ipc);
    const on = api.on as (event: string, listener: (p: unknown) => void) => () => void;
    expect(() => on('api:models.add', () => {})).toThrow(/unknown event channel/);
    const seen: unknown[] = [];
    const off = on(EVENT_CHANNEL_NAMES[0], (payload) => seen.push(payload));
    const [listener] = listeners.get(`event:${EVENT_CHANNEL_NAMES[0]}`)!;
    listener({ sender: 'ipc event object, never passed on' }, { done: 1 });
    expect(seen).toEqual([{ done: 1 }]);
    off();
    expect(listeners.get(`event:${EVENT_CHANNEL_NAMES[0]}`)!.size).toBe(0);
  });

  it('choosePath asks main for a dialog of one of two kinds only', async () => {
    const { ipc, calls } = recordingIpc();
    const choose = buildPreloadApi(ipc).choosePath as (kind: string) => Promise<unknown>;
    await choose('folder');
    await choose('/etc/passwd');
    expect(calls).toEqual([
      { channel: CHOOSE_PATH_IPC, args: ['folder'] },
      { channel: CHOOSE_PATH_IPC, args: ['file'] },
    ]);
  });
});
