import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeFrame, decodeMessage } from '../../src-shared/api/codec.ts';
import { createBackend, type Backend } from '../api/backend.ts';
import { startServer, type RunningServer } from './server.ts';

/** A real server and backend on a temp data folder and a temp renderer folder; no model is loaded. */
describe('browser-mode server', () => {
  let home: string;
  let rendererDir: string;
  let backend: Backend;
  let server: RunningServer;

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-server-'));
    rendererDir = path.join(home, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(home, 'secret.txt'), 'secret');
    backend = createBackend({ mode: 'browser', env: { PROMPTSCOPE_HOME: home } });
    server = await startServer({ backend, rendererDir, port: 0 });
  });

  afterAll(async () => {
    await server.close();
    await backend.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('prints a loopback URL with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses pages, assets and API calls without the token', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    for (const url of [`${base}/`, `${base}/assets/app.js`]) expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${base}/api/app.info`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${base}/api/app.info?token=x${server.token.slice(1)}`, { method: 'POST' })).status).toBe(401);
  });

  it('serves the page with the token, then its assets with an asset cookie that opens nothing else', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const asset = await fetch(`http://127.0.0.1:${server.port}/assets/app.js`, { headers: { cookie: cookie.split(';')[0] } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(cookie).not.toContain(server.token);
    const api = await fetch(`http://127.0.0.1:${server.port}/api/app.info`, { method: 'POST', body: '{}', headers: { cookie: cookie.split(';')[0] } });
    expect(api.status).toBe(401);
    const header = await fetch(`http://127.0.0.1:${server.port}/api/app.info`, { method: 'POST', body: '{}', headers: { 'x-promptscope-token': server.token } });
    expect(header.status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const response = await fetch(`http://127.0.0.1:${server.port}${p}?token=${server.token}`);
      expect(response.status, p).toBe(404);
    }
  });

  it('validates API arguments over HTTP and names the field', async () => {
    const response = await fetch(`http://127.0.0.1:${server.port}/api/datasets.rows?token=${server.token}`, { method: 'POST', body: JSON.stringify({ datasetId: 'd', limit: 0 }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS', message: expect.stringMatching(/^datasets\.rows: args\.limit: /) } });
    const unknown = await fetch(`http://127.0.0.1:${server.port}/api/shell.exec?token=${server.token}`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
  });

  it('answers over the WebSocket only with the token', async () => {
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(refused).toBe(401);
    const reply = await new Promise<unknown>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'request', seq: 7, channel: 'app.info', args: {} })));
      ws.on('message', (data) => {
        resolve(decodeMessage(String(data)));
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(reply).toMatchObject({ type: 'reply', seq: 7, result: { ok: true, value: { mode: 'browser', home } } });
  });

  it('sends replies holding arrays as one binary frame whose arrays are exact views (an attention layer of the default model)', async () => {
    const frames: { binary: boolean; message: { seq: number; result: { ok: boolean; value: unknown } } }[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`);
    const call = (seq: number, channel: string, args: unknown) =>
      new Promise<(typeof frames)[number]>((resolve, reject) => {
        const onMessage = (data: Buffer, isBinary: boolean) => {
          const bytes = new Uint8Array(data);
          const frame = { binary: isBinary, message: decodeFrame(isBinary ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : data.toString('utf8')) as (typeof frames)[number]['message'] };
          if (frame.message.seq !== seq) return;
          ws.off('message', onMessage);
          frames.push(frame);
          resolve(frame);
        };
        ws.on('message', onMessage);
        ws.once('error', reject);
        ws.send(JSON.stringify({ type: 'request', seq, channel, args }));
      });
    await new Promise((resolve) => ws.once('open', resolve));
    const computed = await call(1, 'attention.compute', { model: 'default', text: 'Review: a fine film.\nSentiment: Positive' });
    expect(computed.binary).toBe(false);
    const { attentionId, tokens, heads } = computed.message.result.value as { attentionId: string; tokens: string[]; heads: number };
    const layer = await call(2, 'attention.layer', { attentionId, layer: 0 });
    ws.close();
    expect(layer.binary).toBe(true);
    const value = layer.message.result.value as { layer: number; heads: Float32Array[] };
    expect(value.heads).toHaveLength(heads);
    const n = tokens.length;
    for (const matrix of value.heads) {
      expect(matrix).toBeInstanceOf(Float32Array);
      expect(matrix.length).toBe(n * n);
      // Causal rows: each sums to 1 over the keys up to the query and is 0 after it.
      for (const q of [0, n - 1]) {
        const row = Array.from(matrix.subarray(q * n, (q + 1) * n));
        expect(row.slice(0, q + 1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(row.slice(q + 1).every((w) => w === 0)).toBe(true);
      }
    }
  }, 60_000);
});
