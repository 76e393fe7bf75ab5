import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decodeMessage } from '../../src-shared/api/codec.ts';
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
});
