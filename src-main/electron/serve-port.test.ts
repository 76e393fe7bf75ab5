import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../src-shared/api/wire.ts';
import { createBackend, type Backend } from '../api/backend.ts';
import { servePort, type FramePort } from './serve-port.ts';

/**
 * The backend's side of a renderer's MessagePort, with the real handlers and dispatch behind it
 * and a real (Node) MessageChannel in place of Electron's: the test holds the renderer's end and
 * speaks raw frames, as PortClient does.
 */
function framePort(port: MessagePort): FramePort {
  return {
    postMessage: (frame) => port.postMessage(frame),
    onMessage: (listener) => void port.on('message', listener),
    onClose: (listener) => void port.on('close', listener),
  };
}

describe('servePort (a renderer talking to the backend over its own port)', () => {
  let home: string;
  let backend: Backend;
  const broadcasters = new Set<(event: 'study.progress', payload: unknown) => void>();

  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-port-'));
    backend = createBackend({ mode: 'electron', env: { PROMPTSCOPE_HOME: home } });
  });
  afterAll(async () => {
    await backend.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  });

  function connect() {
    const { port1, port2 } = new MessageChannel();
    let mine: ((event: 'study.progress', payload: unknown) => void) | null = null;
    servePort(framePort(port1), {
      handlers: backend.handlers,
      log: backend.log,
      // A broadcaster the test can fire (a real one fires on study progress).
      onBroadcast: (listener) => {
        const l = listener as (event: 'study.progress', payload: unknown) => void;
        broadcasters.add(l);
        mine = l;
        return () => broadcasters.delete(l);
      },
    });
    const frames: ServerFrame[] = [];
    const waiters: (() => void)[] = [];
    port2.on('message', (frame: ServerFrame) => {
      frames.push(frame);
      waiters.splice(0).forEach((w) => w());
    });
    const next = async (count: number) => {
      while (frames.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      return frames.slice(0, count);
    };
    return { port: port2, frames, next, listening: () => mine !== null && broadcasters.has(mine) };
  }

  it('answers each request by its sequence number, through the contract checks, results not exceptions', async () => {
    const { port, next } = connect();
    port.postMessage({ type: 'request', seq: 5, channel: 'app.info', args: {} });
    port.postMessage({ type: 'request', seq: 6, channel: 'no.such', args: {} });
    port.postMessage({ type: 'request', seq: 7, channel: 'runs.get', args: { runId: 42 } });
    port.postMessage('not a frame');
    const frames = await next(4);
    const bySeq = new Map(frames.map((f) => [f.type === 'reply' ? f.seq : NaN, f]));
    expect(bySeq.get(5)).toMatchObject({ type: 'reply', result: { ok: true, value: { mode: 'electron', home } } });
    expect(bySeq.get(6)).toMatchObject({ type: 'reply', result: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } });
    expect(bySeq.get(7)).toMatchObject({ type: 'reply', result: { ok: false, error: { code: 'INVALID_ARGS' } } });
    expect(bySeq.get(-1)).toMatchObject({ type: 'reply', result: { ok: false, error: { code: 'INVALID_ARGS' } } });
    port.close();
  });

  it('sends broadcasts to every connected port, and stops for a port whose other end closed', async () => {
    const a = connect();
    const b = connect();
    for (const l of broadcasters) l('study.progress', { runId: 'r1' });
    expect(await a.next(1)).toEqual([{ type: 'event', event: 'study.progress', payload: { runId: 'r1' } }]);
    expect(await b.next(1)).toEqual([{ type: 'event', event: 'study.progress', payload: { runId: 'r1' } }]);
    expect(a.listening()).toBe(true);
    a.port.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(a.listening()).toBe(false);
    expect(b.listening()).toBe(true);
    b.port.close();
  });
});
