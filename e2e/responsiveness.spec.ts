import { sampleDataFile } from '../test/support/sample-data.ts';
import { expect, saveScreenshot, test } from './fixtures/workbench.ts';

interface RunItem {
  runId: string;
  status: string;
}

/**
 * Long work never freezes the UI: while a study scores prompts in the backend, the page's main
 * thread stays free. The longest task (PerformanceObserver 'longtask') is measured and reported.
 * Asserted: every click switches the view within CLICK_LIMIT_MS while the study runs (a first visit
 * may load that view's code, so the limit is generous), and a second round over views already
 * loaded within REVISIT_LIMIT_MS — a main thread busy with the study would miss both.
 */
const CLICK_LIMIT_MS = 10_000;
const REVISIT_LIMIT_MS = 2_000;

test('the UI stays responsive while a study runs', async ({ page, server, api, model }, testInfo) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __longestTaskMs: number; __longTasks: number; __since: number; __longestAt: string };
    w.__longestTaskMs = 0;
    w.__longestAt = '';
    w.__longTasks = 0;
    w.__since = Number.POSITIVE_INFINITY;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        // Only tasks while the study runs count (not the page's start-up).
        if (entry.startTime < w.__since) continue;
        w.__longTasks++;
        if (entry.duration > w.__longestTaskMs) {
          w.__longestTaskMs = entry.duration;
          // Which view was opening: a first visit loads that view's code (Monaco is megabytes).
          w.__longestAt = location.hash;
        }
      }
    }).observe({ type: 'longtask', buffered: true });
    // Long animation frames name the handler and script behind each long task, so a report says what to fix.
    const frames: string[] = [];
    (window as unknown as { __longFrames: string[] }).__longFrames = frames;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { startTime: number; duration: number; scripts: { invoker: string; sourceFunctionName: string; duration: number }[] }[]) {
        if (entry.startTime < w.__since) continue;
        frames.push(`${Math.round(entry.duration)} ms at ${location.hash || '#'}: ${entry.scripts.map((x) => `${x.invoker}${x.sourceFunctionName ? ` ${x.sourceFunctionName}` : ''} ${Math.round(x.duration)} ms`).join('; ') || 'rendering'}`);
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  await page.goto(server.url);
  await expect(page.getByTestId('connection-status')).toContainText('browser mode');

  const train = await api<{ path: string }>('datasets.import', { path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2', name: 'SST-2 train' });
  const test_ = await api<{ path: string }>('datasets.import', { path: sampleDataFile('sst2', 'stsa.binary.test'), format: 'sst2', name: 'SST-2 test' });
  expect(train.ok && test_.ok).toBe(true);
  if (!train.ok || !test_.ok) return;
  // Sized to outlast the clicks below by a wide margin; it is cancelled at the end.
  const spec = {
    name: 'responsiveness',
    model,
    data: { train: { path: train.value.path, format: 'sst2' }, test: { path: test_.value.path, format: 'sst2', sample: 300, seed: 0 } },
    task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels: { '0': ['Negative'], '1': ['Positive'] } },
    shots: 4,
    seeds: [0, 1, 2],
    orders: 'all',
    calibration: ['none', 'contextual'],
  };
  await page.evaluate(() => ((window as unknown as { __since: number }).__since = performance.now()));
  const started = await api<{ runId: string }>('studies.start', { spec });
  expect(started).toMatchObject({ ok: true });
  if (!started.ok) return;
  const runId = started.value.runId;
  const status = async () => {
    const runs = await api<RunItem[]>('runs.list', {});
    return runs.ok ? runs.value.find((r) => r.runId === runId)?.status : undefined;
  };
  expect(await status()).toBe('running');

  // Every click is handled (the view switches) while the study keeps running.
  const views = ['models', 'tokens', 'attention', 'runs', 'study', 'examples', 'prompt', 'models'];
  const clickTimes = async (limitMs: number) => {
    const times: Record<string, number> = {};
    for (const view of views) {
      const t0 = Date.now();
      await page.getByTestId(`nav-${view}`).click({ timeout: limitMs });
      await expect(page.getByTestId(`view-${view}`)).toBeVisible({ timeout: limitMs });
      times[view] = Date.now() - t0;
    }
    return times;
  };
  const firstVisit = await clickTimes(CLICK_LIMIT_MS);
  const revisit = await clickTimes(REVISIT_LIMIT_MS);
  testInfo.annotations.push({ type: 'click to view while a study ran (ms)', description: JSON.stringify({ firstVisit, revisit }) });
  for (const [view, ms] of Object.entries(firstVisit)) expect(ms, `first visit of ${view}`).toBeLessThan(CLICK_LIMIT_MS);
  for (const [view, ms] of Object.entries(revisit)) expect(ms, `revisit of ${view}`).toBeLessThan(REVISIT_LIMIT_MS);
  await page.getByTestId('nav-study').click();
  await saveScreenshot(page, 'study-running');
  expect(await status(), 'the study was still running after the clicks').toBe('running');

  const { longest, count, at, frames } = await page.evaluate(() => {
    const w = window as unknown as { __longestTaskMs: number; __longTasks: number; __longestAt: string; __longFrames: string[] };
    return { longest: w.__longestTaskMs, count: w.__longTasks, at: w.__longestAt, frames: w.__longFrames };
  });
  testInfo.annotations.push({ type: 'long animation frames while a study ran', description: frames.join('\n') });
  testInfo.annotations.push({ type: 'longest main-thread task while a study ran (ms)', description: String(Math.round(longest)) });
  testInfo.annotations.push({ type: 'long tasks (>50 ms) while a study ran', description: String(count) });
  console.log(`longest main-thread task while a study ran: ${Math.round(longest)} ms at ${at} (${count} long tasks)`);
  // Reported above; a task this long would have held a click past its limit.
  expect(longest).toBeLessThan(CLICK_LIMIT_MS);

  const cancelled = await api('studies.cancel', { runId });
  expect(cancelled).toMatchObject({ ok: true });
  await expect.poll(status, { timeout: 60_000 }).toBe('cancelled');
});
