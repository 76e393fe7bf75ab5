import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthGpt2 } from '../../src-main/engine/synth/gpt2.ts';
import { startServe, type Serve } from './serve-process.ts';

/**
 * The cross-origin attacks on browser mode, replayed against a real `promptscope serve` and a real
 * Chromium: a page on another 127.0.0.1 port (cookies are scoped to the host, not the port) tries
 * a no-cors fetch and an auto-submitted text/plain form; a client with only the cookie tries the
 * API. Each must be refused, the model registry must stay as it was, and the token must never
 * reach the other port.
 */
const chromiumPath = process.env.PROMPTSCOPE_CHROMIUM ?? '/usr/bin/chromium';
let dir: string;
let model: string;
let serve: Serve;
let browser: Browser;
let attacker: http.Server;
let attackerPort: number;
const seenByAttacker: string[] = [];

const api = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${serve.origin}/api/${channel}`, { method: 'POST', body: JSON.stringify(body), headers: { 'x-promptscope-token': serve.token, ...headers } });
const registered = async () => ((await (await api('models.list', {})).json()) as { value: { models: { name: string }[] } }).value.models.map((m) => m.name);

function attackPage(kind: 'fetch' | 'form'): string {
  const target = `${serve.origin}/api/models.add`;
  const body = JSON.stringify({ dir: model, name: `evil-${kind}` });
  if (kind === 'fetch') {
    return `<!doctype html><img src="/leak.png"><script>fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: ${JSON.stringify(body)} }).catch(() => {});</script>`;
  }
  // The classic JSON-over-form trick: name + "=" + value spell a JSON body, sent as text/plain.
  const name = body.slice(0, -2) + ',"x":"';
  return `<!doctype html><form method="POST" enctype="text/plain" action="${target}"><input name='${name}' value='"}'></form><script>document.forms[0].submit();</script>`;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-sec-'));
  const data = path.join(dir, 'data');
  model = path.join(data, 'tiny-model');
  await synthGpt2({ outDir: model, layers: 1, hidden: 16, heads: 2, vocab: 300, ctx: 64, seed: 1 });
  serve = await startServe(path.join(dir, 'home'), ['--data-dir', data]);
  attacker = http.createServer((request, response) => {
    seenByAttacker.push(`${request.method} ${request.url}\n${JSON.stringify(request.headers)}`);
    const kind = request.url === '/form' ? 'form' : 'fetch';
    response.writeHead(200, { 'Content-Type': request.url?.endsWith('.png') ? 'image/png' : 'text/html' });
    response.end(request.url?.endsWith('.png') ? '' : attackPage(kind));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerPort = (attacker.address() as AddressInfo).port;
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
  await serve?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a page on another 127.0.0.1 port, in Chromium', () => {
  it('cannot register a model by no-cors fetch or text/plain form, and never sees the token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The user has the workbench open: the browser now holds its cookie for 127.0.0.1.
    await page.goto(`${serve.origin}/?token=${serve.token}`);
    await expect.poll(() => page.title()).toBe('loaded');
    const cookies = await context.cookies(serve.origin);
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.map((c) => c.value).join(' ')).not.toContain(serve.token);

    for (const kind of ['fetch', 'form'] as const) {
      const attack = await context.newPage();
      // The status as it came off the wire: the browser hides a no-cors answer from the page (and
      // Cross-Origin-Resource-Policy blocks it), but the request still reached the server.
      const cdp = await context.newCDPSession(attack);
      await cdp.send('Network.enable');
      const statuses = new Map<string, number>();
      const urls = new Map<string, string>();
      cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
      const sites = new Map<string, string>();
      cdp.on('Network.requestWillBeSentExtraInfo', (e) => sites.set(e.requestId, String(e.headers['Sec-Fetch-Site'] ?? e.headers['sec-fetch-site'])));
      cdp.on('Network.responseReceivedExtraInfo', (e) => statuses.set(e.requestId, e.statusCode));
      await attack.goto(`http://127.0.0.1:${attackerPort}/${kind}`);
      const apiRequest = () => [...urls.entries()].find(([, url]) => url.startsWith(`${serve.origin}/api/models.add`))?.[0];
      await expect.poll(() => statuses.get(apiRequest() ?? ''), { timeout: 20_000 }).toBe(403);
      expect(sites.get(apiRequest()!), kind).toBe('same-site');
      await attack.close();
    }
    await context.close();

    // The browser did send the workbench's cookie to the other port (the leak is real) ...
    expect(seenByAttacker.join('\n')).toMatch(/promptscope_assets_\d+=/);
    // ... but it holds no token, and nothing registered.
    expect(seenByAttacker.join('\n')).not.toContain(serve.token);
    expect(await registered()).not.toEqual(expect.arrayContaining(['evil-fetch']));
    expect((await registered()).filter((n) => n.startsWith('evil'))).toEqual([]);
  });
});

describe('requests with the cookie but not the token', () => {
  it('the asset cookie opens static files only; the old token cookie opens nothing', async () => {
    const page = await fetch(`${serve.origin}/?token=${serve.token}`);
    const cookie = page.headers.get('set-cookie')!.split(';')[0];
    expect((await fetch(`${serve.origin}/assets/app.js`, { headers: { cookie } })).status).toBe(200);
    for (const jar of [cookie, `promptscope_session=${serve.token}`]) {
      const response = await fetch(`${serve.origin}/api/models.add`, { method: 'POST', headers: { cookie: jar }, body: JSON.stringify({ dir: model, name: 'evil-cookie' }) });
      expect(response.status, jar).toBe(401);
    }
    expect((await registered()).filter((n) => n.startsWith('evil'))).toEqual([]);
  });

  it('a cross-origin request is refused even with the token (Origin, Sec-Fetch-Site)', async () => {
    const other = `http://127.0.0.1:${attackerPort}`;
    expect((await api('models.add', { dir: model, name: 'evil-origin' }, { origin: other })).status).toBe(403);
    expect((await api('models.add', { dir: model, name: 'evil-site' }, { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await registered()).filter((n) => n.startsWith('evil'))).toEqual([]);
    // The same call from a script with the token header (no browser markers) is what works.
    const allowed = await api('models.add', { dir: model, name: 'tiny' });
    expect(allowed.status, await allowed.clone().text()).toBe(200);
    expect(await registered()).toContain('tiny');
  });
});
