import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { expect, test } from './fixtures/workbench.ts';

/** Resolves with the socket error code, or 'connected'. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Resolves with the HTTP status of a refused upgrade, or 'open'. */
function tryWebSocket(url: string, origin?: string): Promise<number | 'open'> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.once('error', (error) => reject(error));
  });
}

test('browser mode refuses requests without the token', async ({ server }) => {
  const { origin, token } = server;
  // The page, a static asset, the HTTP API: 401 without the token, and with a wrong one.
  for (const url of [`${origin}/`, `${origin}/index.html`, `${origin}/?token=wrong-token-0123456789abcdef`]) {
    expect((await fetch(url)).status, url).toBe(401);
  }
  const refused = await fetch(`${origin}/api/models.list`, { method: 'POST', body: '{}' });
  expect(refused.status).toBe(401);
  expect(await refused.text()).toContain('needs the token');
  // With the token it answers.
  const allowed = await fetch(`${origin}/api/app.info?token=${token}`, { method: 'POST', body: '{}' });
  expect(allowed.status).toBe(200);
  expect(((await allowed.json()) as { ok: boolean }).ok).toBe(true);

  // WebSocket upgrades: refused without the token, with a wrong one, or from another origin.
  const wsUrl = `ws://127.0.0.1:${server.port}/api`;
  expect(await tryWebSocket(wsUrl)).toBe(401);
  expect(await tryWebSocket(`${wsUrl}?token=wrong-token-0123456789abcdef`)).toBe(401);
  expect(await tryWebSocket(`${wsUrl}?token=${token}`, 'http://evil.example')).toBe(403);
  expect(await tryWebSocket(`${wsUrl}?token=${token}`, origin)).toBe('open');

  // A request naming another Host (DNS rebinding) is refused even with the token.
  const rebound = await new Promise<number>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: server.port }, () => socket.write(`GET /?token=${token} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`));
    socket.once('data', (data) => {
      resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data.toString())?.[1] ?? 0));
      socket.destroy();
    });
  });
  expect(rebound).toBe(421);
});

test('browser mode does not listen beyond 127.0.0.1', async ({ server }) => {
  expect(await tryConnect('127.0.0.1', server.port)).toBe('connected');
  // Every non-loopback IPv4 address of this machine, and (on Linux) another loopback address.
  const others = Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
  if (process.platform === 'linux') others.push('127.0.0.2');
  expect(others.length, 'an address other than 127.0.0.1 to probe').toBeGreaterThan(0);
  for (const address of others) expect(await tryConnect(address, server.port), address).toBe('ECONNREFUSED');
  // IPv6 loopback too, where the machine has it.
  expect(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH', 'EAFNOSUPPORT']).toContain(await tryConnect('::1', server.port));
});

test('the page has no Node access and sends a strict CSP', async ({ workbench, server }) => {
  const globals = await workbench.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    module: typeof (globalThis as { module?: unknown }).module,
    bridge: typeof (globalThis as { promptscope?: unknown }).promptscope,
  }));
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', bridge: 'undefined' });

  const response = await fetch(`${server.origin}/?token=${server.token}`);
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-eval');

  // An inline script injected into the page is blocked by the policy.
  const ran = await workbench.evaluate(async () => {
    (window as { __inlineRan?: boolean }).__inlineRan = false;
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.appendChild(script);
    await new Promise((r) => setTimeout(r, 100));
    return (window as { __inlineRan?: boolean }).__inlineRan;
  });
  expect(ran).toBe(false);
});

test('invalid API arguments are rejected with a clear error', async ({ workbench, server, api, home }) => {
  // Over the page's own WebSocket, as the UI's client sends them.
  const replies = await workbench.evaluate(async (token) => {
    const ws = new WebSocket(`ws://${location.host}/api?token=${token}`);
    await new Promise((resolve) => (ws.onopen = resolve));
    const ask = (seq: number, channel: string, args: unknown) =>
      new Promise<unknown>((resolve) => {
        ws.addEventListener('message', function listener(event) {
          const frame = JSON.parse(String(event.data)) as { seq: number; result: unknown };
          if (frame.seq === seq) {
            ws.removeEventListener('message', listener);
            resolve(frame.result);
          }
        });
        ws.send(JSON.stringify({ type: 'request', seq, channel, args }));
      });
    const out = [
      await ask(1, 'next', { model: 'default', text: 'Hello', top: 5000 }),
      await ask(2, 'generate', { model: 'default', prompt: 'Hi', maxNewTokens: 'many', streamId: 's' }),
      await ask(3, 'runs.compare', { runIds: ['only-one'] }),
      await ask(4, 'fs.readFile', { path: '/etc/passwd' }),
    ];
    ws.close();
    return out;
  }, server.token);
  expect(replies[0]).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS', message: expect.stringMatching(/^next: args\.top: .*1000/) } });
  expect(replies[1]).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS', message: expect.stringMatching(/^generate: args\.maxNewTokens: /) } });
  expect(replies[2]).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS', message: 'runs.compare: args.runIds: choose at least two runs to compare' } });
  expect(replies[3]).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });

  // Over HTTP the same boundary answers 400 with the same error.
  const bad = await api('datasets.sample', { datasetId: 'x', shots: -1, seed: 0 });
  expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS', message: expect.stringContaining('args.shots') } });

  // And the UI shows such errors where the user acted: adding a folder that does not exist (inside
  // the server's --data-dir), and one outside the folders it may read.
  await workbench.getByTestId('nav-models').click();
  const missing = path.join(home, 'no', 'such', 'model-folder');
  await workbench.locator('input[name="dir"]').fill(missing);
  await workbench.getByRole('button', { name: 'Add folder' }).click();
  await expect(workbench.getByTestId('add-model-error')).toContainText(`${missing}: no such folder`);
  await workbench.locator('input[name="dir"]').fill('/no/such/model-folder');
  await workbench.getByRole('button', { name: 'Add folder' }).click();
  await expect(workbench.getByTestId('add-model-error')).toContainText('/no/such/model-folder: outside the folders this session may read');
});
