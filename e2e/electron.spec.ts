import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, electronCanRun } from './fixtures/electron-binary.ts';
import { repoRoot } from './fixtures/serve-process.ts';

/**
 * The same checks against the desktop app, where Electron's binary was installed and a display is
 * there (CI machines without network access get no binary: npm ci cannot fetch it).
 */
// The release workflow sets PROMPTSCOPE_E2E_REQUIRE_ELECTRON so that there a missing binary or display fails instead.
test.skip(!electronCanRun() && !process.env.PROMPTSCOPE_E2E_REQUIRE_ELECTRON, 'skipped when the Electron binary cannot launch here (not downloaded: npm ci fetches it only where the network allows; or no display) and PROMPTSCOPE_E2E_REQUIRE_ELECTRON is unset: this test needs a running Electron app');

test('the Electron renderer is sandboxed and reaches the backend only over the port main hands out', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-electron-'));
  const app = await electron.launch({ executablePath: electronBinary()!, args: [repoRoot], cwd: repoRoot, env: { ...process.env, PROMPTSCOPE_HOME: home } as Record<string, string> });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('connection-status')).toContainText('electron mode', { timeout: 60_000 });
    const surface = await window.evaluate(() => {
      const bridge = (window as unknown as { promptscope: Record<string, unknown> }).promptscope;
      return {
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        keys: Object.keys(bridge).sort(),
        genericInvoke: typeof bridge.invoke,
        ipcRenderer: typeof bridge.ipcRenderer,
      };
    });
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', keys: ['choosePath', 'connect'], genericInvoke: 'undefined', ipcRenderer: 'undefined' });
    // A port of its own, as the app's PortClient gets one; the backend checks every frame against the contract.
    const [listed, invalid] = await window.evaluate(async () => {
      // `window` here is the page's, not the Playwright handle the closure's name shadows.
      const page = globalThis as unknown as Window & { promptscope: { connect(): void } };
      const port = await new Promise<MessagePort>((resolve) => {
        page.addEventListener('message', (event: MessageEvent<{ type?: string; kind?: string }>) => {
          if (event.source === page && event.data?.type === 'promptscope:backend-port' && event.data.kind === 'port' && event.ports[0]) resolve(event.ports[0]);
        });
        page.promptscope.connect();
      });
      port.start();
      const call = (seq: number, channel: string, args: unknown) =>
        new Promise<unknown>((resolve) => {
          port.addEventListener('message', (event: MessageEvent<{ type: string; seq: number; result: unknown }>) => {
            if (event.data.type === 'reply' && event.data.seq === seq) resolve(event.data.result);
          });
          port.postMessage({ type: 'request', seq, channel, args });
        });
      return [await call(1, 'models.list', {}), await call(2, 'next', { model: 'default', text: 'x', top: 0 })];
    });
    expect(listed).toMatchObject({ ok: true });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS', message: expect.stringMatching(/^next: args\.top: /) } });
  } finally {
    await app.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
