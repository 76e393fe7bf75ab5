import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (Playwright's own browser download is not available
 * offline) against `promptscope serve` and the real engine. `npm test` builds the renderer first;
 * the fixture (e2e/fixtures/workbench.ts) builds nothing.
 *
 * PROMPTSCOPE_CHROMIUM points at another Chromium or Chrome binary.
 */
const chromium = process.env.PROMPTSCOPE_CHROMIUM ?? '/usr/bin/chromium';

// Playwright reads the default export of its config file.
// eslint-disable-next-line no-restricted-syntax
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // The engine and the server share two cores with everything else: one test at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1440, height: 960 },
    actionTimeout: 60_000,
    launchOptions: {
      executablePath: chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
