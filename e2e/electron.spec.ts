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
test.skip(!electronCanRun() && !process.env.PROMPTSCOPE_E2E_REQUIRE_ELECTRON, 'needs the Electron binary (fetched by npm ci where the network allows) and a display');

test('the Electron renderer is sandboxed and reaches the backend only through named preload functions', async () => {
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
        listModels: typeof bridge['models.list'],
        genericInvoke: typeof bridge.invoke,
        ipcRenderer: typeof bridge.ipcRenderer,
      };
    });
    expect(surface).toEqual({ require: 'undefined', process: 'undefined', listModels: 'function', genericInvoke: 'undefined', ipcRenderer: 'undefined' });
    const [listed, invalid] = await window.evaluate(async () => {
      const bridge = (window as unknown as { promptscope: Record<string, (a: unknown) => Promise<unknown>> }).promptscope;
      return [await bridge['models.list']({}), await bridge.next({ model: 'default', text: 'x', top: 0 })];
    });
    expect(listed).toMatchObject({ ok: true });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_ARGS', message: expect.stringMatching(/^next: args\.top: /) } });
  } finally {
    await app.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
