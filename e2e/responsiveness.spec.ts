import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { sampleDataFile } from '../test/support/sample-data.ts';
import { repoRoot } from './fixtures/serve-process.ts';
import { expect, LONG_PROMPT, saveScreenshot, test, useLongContextModel } from './fixtures/workbench.ts';

/**
 * No long tasks (RAIL's 50 ms): the page's main thread is measured with PerformanceObserver
 * ('longtask', every task over 50 ms, and 'long-animation-frame', which names the scripts behind
 * it) in three windows, after a warm-up that loads every view once (start-up work is not what a
 * researcher waits on while working):
 *
 * 1. a 24-order × 300-example study runs, started from the Study form, while the views are clicked
 *    through (progress events reach the page all along);
 * 2. that study's results render: opened from the Runs view, every chart drawn;
 * 3. the attention view computes and draws a 1,000-token prompt.
 *
 * Two things are measured of every long task (over 50 ms of wall time): its wall time, from the
 * page's PerformanceObserver, and its thread time, from the window's trace (Chrome's
 * devtools.timeline `tdur`): the CPU the page's main thread actually had in it. A task of 250 ms
 * wall time with 4 ms of thread time waited for a core; one with 120 ms of thread time did too
 * much at once, whatever the load.
 *
 * Asserted, the goal itself: no main-thread task has more than LONG_TASK_MS (50 ms) of thread time
 * in any window, not counting V8's major (mark-compact) garbage collections inside it. That is the
 * page's own work per task, which is what the page controls: on a machine with a core to spare, as
 * a researcher's is beside a study running on the others, a task takes its thread time. A major
 * collection's pause is V8's (it comes when the heap has grown, not with any one piece of work, and
 * its length varies from run to run: 10–60 ms here, once 167 ms): each is reported with its task,
 * and the wall-time guard below holds whatever blocks the page.
 *
 * Asserted as guards: no task's wall time passes WALL_GUARD_MS × the machine's slowdown, so the
 * page is never blocked for long whatever the cause; and the results window ran the chart queue's
 * jobs (it measures charts being drawn, not a page already drawn). The slowdown is measured in the
 * page: a fixed piece of work (calibrate) is timed before and after each window and compared with
 * its time on an unloaded machine (CALIBRATION_REFERENCE_MS). Wall times are reported beside the
 * goal of 50 ms × slowdown, which is not asserted: on the project's 2-core machine the page's
 * thread shares two cores with the engine (at nice 10 behind a window, src-main/engine/priority.ts),
 * the server, the socket worker receiving a 16 MB attention layer and headless Chromium's software
 * compositor (which runs at a higher priority than the page).
 *
 * Measured on that machine, quiet (load about 1), five runs, after #13's item 10 (binary socket
 * frames, the engine at nice 10, each chart's paint a task of its own with zrender's frame loop
 * stopped until then, canvases on their own layers, the heat map pooled a band of rows per task
 * into an ImageBitmap, the head view's heads drawn one per frame): the most thread time in one task
 * without major GCs was 18–32 ms while the study ran and 22–31 ms for the 1,000-token view, and
 * while the results rendered no task lasted 50 ms in four runs of five (one 52 ms, 4 ms of thread
 * time); major collections took up to 45 ms (167 ms once, in a later run); the longest wall times were 75–155, 0–52 and
 * 56–164 ms, for tasks of at most 20–30 ms of thread time that waited for a core. Before it, the
 * most thread time in one task (collections included) was 47–70, 28–49 and 64–111 ms, and wall times reached 271 ms on a quiet machine (one ECharts
 * chart's setOption and paint in one task; the heat map's putImageData; the head view's lines
 * rasterized in one frame; the base64 of a 16 MB layer on the server and in the socket worker).
 */
const LONG_TASK_MS = 50;
/** The guard on a task's wall time (see above), scaled by the slowdown: the page is never blocked for long. */
const WALL_GUARD_MS = 300;
/** Every view was opened once in the warm-up: a click switches the view within this while the study runs. */
const REVISIT_LIMIT_MS = 2_000;
/** The calibration's median time on an unloaded machine: the lowest median seen on the project's 2-core machine (never idle: four engineers share it), 6.9 ms. */
const CALIBRATION_REFERENCE_MS = 7;

interface Task {
  start: number;
  duration: number;
}

declare global {
  interface Window {
    __tasks: Task[];
    __frames: { start: number; duration: number; text: string }[];
    __promptscopeViewsLoaded?: boolean;
  }
}

async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__tasks = [];
    window.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { startTime: number; duration: number; scripts: { invoker: string; sourceFunctionName: string; sourceURL: string; duration: number }[] }[]) {
        const scripts = e.scripts.map((x) => `${x.invoker}${x.sourceFunctionName ? ` ${x.sourceFunctionName}` : ''} ${Math.round(x.duration)} ms`).join('; ');
        window.__frames.push({ start: e.startTime, duration: e.duration, text: `${Math.round(e.duration)} ms at ${location.hash || '#'}: ${scripts || 'style, layout and paint'}` });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
    // The chart queue names a chart whose drawing ran long (src-renderer/components/chart-queue.ts).
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__frames.push({ start: e.startTime, duration: e.duration, text: `  ${Math.round(e.duration)} ms of it: ${e.name}` });
    }).observe({ type: 'measure', buffered: true });
  });
}

/** The median time of a fixed piece of work in the page (sorting and summing numbers), in ms. */
async function calibrate(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const times: number[] = [];
    for (let round = 0; round < 7; round++) {
      await new Promise((r) => setTimeout(r, 20));
      const t0 = performance.now();
      let x = 1;
      const values = new Float64Array(40_000);
      for (let i = 0; i < values.length; i++) values[i] = (x = (x * 48271) % 2147483647) / 2147483647;
      values.sort();
      let sum = 0;
      for (let i = 0; i < values.length; i++) sum += Math.sqrt(values[i]);
      if (sum < 0) console.log(sum);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[3];
  });
}

interface WindowReport {
  name: string;
  longestMs: number;
  longTasks: number;
  /** The most thread (CPU) time of one long task, from the trace. */
  longestCpuMs: number;
  /** The most thread time of one task without its major garbage collections: the page's own work. */
  longestWorkMs: number;
  /** The most thread time of one major collection's pause. */
  longestMajorGcMs: number;
  cpuOfLongest: string[];
  /** Chart and canvas jobs the window ran (chart-queue.ts), from the trace. */
  chartJobs: number;
  /** The page's JavaScript heap after the window (MB, Chrome's performance.memory): the major collections' pauses grow with it. */
  heapMb: number;
  slowdown: number;
  goalMs: number;
  goalMet: boolean;
  cpuGoalMet: boolean;
  boundMs: number;
  frames: string[];
}

/**
 * Waits until the locator's element is visible (and `timeout` ms at most, the expect timeout by
 * default; failing with Playwright's timeout error). Inside a measured window the test waits this
 * way rather than with `expect(…).toBeVisible()`: each failed try of a retrying assertion has
 * Playwright's injected script walk the page for an accessibility snapshot (for its error message),
 * itself a long task on the page's main thread that no researcher's page runs.
 */
async function shown(locator: Locator, timeout = 60_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}

/** A task of the page's main thread from the trace: its wall time and the CPU time its thread got (the trace's `tdur`), in ms. */
interface TracedTask {
  wallMs: number;
  cpuMs: number;
  /** Thread time of V8's major (mark-compact) garbage collections inside the task. */
  majorGcMs: number;
  /** The task's thread time without them: the page's own work in it. */
  workMs: number;
  /** What the task's thread time went to, largest first (trace event names), for the report. */
  parts: string;
}

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string; data?: { functionName?: string; url?: string } } };

/**
 * The page's main-thread tasks over 50 ms in a Chrome trace (JSON as `browser.stopTracing` returns
 * it): RunTask events of the renderer's main thread with their thread time. A task's wall time
 * includes the time the thread waited for a core; its thread time is the work the page did in it.
 * Each task's major garbage collections (MajorGC events inside it) are counted apart.
 */
function tracedLongTasks(trace: Buffer): { tasks: TracedTask[]; chartJobs: number } {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  // The chart queue's jobs (chart-queue.ts's runNext): evidence that the window drew what it measures.
  const chartJobs = onMain.filter((e) => e.name === 'FunctionCall' && e.args?.data?.functionName === 'runNext').length;
  const tasks = onMain
    .filter((e) => e.name === 'RunTask' && (e.dur ?? 0) > LONG_TASK_MS * 1000)
    .map((task) => {
      const end = task.ts + (task.dur ?? 0);
      // Events that start inside the task (an event's end can be rounded a microsecond past its task's).
      const inside = onMain.filter((e) => e !== task && e.tid === task.tid && e.ts >= task.ts && e.ts < end);
      const majorGcMs = inside.filter((e) => e.name === 'MajorGC').reduce((sum, e) => sum + (e.tdur ?? 0), 0) / 1000;
      const byName = new Map<string, number>();
      for (const e of inside) {
        if (e.name.startsWith('V8.GC_') || !e.tdur) continue;
        const key = e.name === 'FunctionCall' ? `${e.args?.data?.functionName || 'script'} (${(e.args?.data?.url ?? '').split('/').pop()?.replace(/-[\w-]{8}\.js$/, '')})` : e.name;
        byName.set(key, (byName.get(key) ?? 0) + e.tdur / 1000);
      }
      const parts = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ');
      const cpuMs = (task.tdur ?? 0) / 1000;
      return { wallMs: (task.dur ?? 0) / 1000, cpuMs, majorGcMs, workMs: cpuMs - majorGcMs, parts };
    });
  return { tasks, chartJobs };
}

/**
 * Runs `body` as a measured window; reports and returns its longest task and bound. The window is
 * traced (Chrome's devtools.timeline categories) for each long task's thread time; with
 * PROMPTSCOPE_PROFILE=1 its CPU profile (Chrome DevTools' .cpuprofile) and the trace are saved
 * beside the test's output, to see which functions the long tasks run; PROMPTSCOPE_TRACE=1 saves
 * the trace alone (the profiler's sampling lengthens every task).
 */
async function measured(page: Page, testInfo: TestInfo, name: string, body: () => Promise<void>): Promise<WindowReport> {
  const before = await calibrate(page);
  const stem = name.replace(/[^a-z0-9]+/gi, '-');
  const cdp = process.env.PROMPTSCOPE_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  await page.context().browser()!.startTracing(page, { path: cdp || process.env.PROMPTSCOPE_TRACE ? testInfo.outputPath(`${stem}.trace.json`) : undefined, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const start = await page.evaluate(() => performance.now());
  await body();
  const end = await page.evaluate(() => performance.now());
  const { tasks: traced, chartJobs } = tracedLongTasks(await page.context().browser()!.stopTracing());
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    fs.writeFileSync(testInfo.outputPath(`${stem}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
  }
  const after = await calibrate(page);
  const heapMb = await page.evaluate(() => Math.round(((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6));
  const domNodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const { tasks, frames } = await page.evaluate(
    ([s, e]) => ({ tasks: window.__tasks.filter((t) => t.start >= s && t.start <= e), frames: window.__frames.filter((f) => f.start >= s && f.start <= e).map((f) => f.text) }),
    [start, end],
  );
  const longestMs = Math.round(Math.max(0, ...tasks.map((t) => t.duration)));
  const longestCpuMs = Math.round(Math.max(0, ...traced.map((t) => t.cpuMs)));
  const longestWorkMs = Math.round(Math.max(0, ...traced.map((t) => t.workMs)));
  const longestMajorGcMs = Math.round(Math.max(0, ...traced.map((t) => t.majorGcMs)));
  const slowdown = Math.max(1, Math.max(before, after) / CALIBRATION_REFERENCE_MS);
  const goalMs = Math.round(LONG_TASK_MS * slowdown);
  const report = {
    name,
    longestMs,
    longTasks: tasks.length,
    longestCpuMs,
    longestWorkMs,
    longestMajorGcMs,
    heapMb,
    chartJobs,
    cpuOfLongest: traced
      .sort((a, b) => b.cpuMs - a.cpuMs)
      .slice(0, 5)
      .map((t) => `${Math.round(t.wallMs)} ms (${Math.round(t.cpuMs)} ms CPU${t.majorGcMs > 0 ? `, ${Math.round(t.majorGcMs)} of them a major GC` : ''}: ${t.parts || 'no traced work'})`),
    slowdown: Number(slowdown.toFixed(2)),
    goalMs,
    goalMet: longestMs <= goalMs,
    cpuGoalMet: longestWorkMs <= LONG_TASK_MS,
    boundMs: Math.round(WALL_GUARD_MS * slowdown),
    frames,
  };
  testInfo.annotations.push({ type: `long tasks: ${name}`, description: JSON.stringify(report, null, 1) });
  console.log(
    `${name}: the most thread time in one task ${longestWorkMs} ms without major GCs (bound ${LONG_TASK_MS} ms: ${report.cpuGoalMet ? 'met' : 'NOT met'}), ${longestCpuMs} ms with them (the longest major GC ${longestMajorGcMs} ms); longest wall time ${longestMs} ms (${tasks.length} tasks over 50 ms), wall goal ${goalMs} ms at slowdown ${report.slowdown} (${report.goalMet ? 'met' : 'not met'}), guard ${report.boundMs} ms; ${chartJobs} chart and canvas jobs; JS heap ${heapMb} MB, ${domNodes} elements; longest tasks: ${report.cpuOfLongest.join(', ')}; calibration ${before.toFixed(1)}/${after.toFixed(1)} ms${frames.length ? `\n  ${frames.join('\n  ')}` : ''}`,
  );
  return report;
}

test('no main-thread task has over 50 ms of thread time while a study runs, its results render and 1,000-token attention draws', async ({ page, server, api, home }, testInfo) => {
  test.setTimeout(600_000);
  await observeLongTasks(page);
  // The data exists before the page opens, so the page lists it at start-up as a returning user's would.
  const train = await api<{ path: string }>('datasets.import', { path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2', name: 'SST-2 train' });
  const test_ = await api<{ path: string }>('datasets.import', { path: sampleDataFile('sst2', 'stsa.binary.test'), format: 'sst2', name: 'SST-2 test' });
  expect(train.ok && test_.ok).toBe(true);

  await page.goto(server.url);
  await expect(page.getByTestId('connection-status')).toContainText('browser mode');
  await expect(page.getByTestId('model-details')).toContainText('default', { timeout: 120_000 });
  // Warm-up: every view's code is loaded during idle time; each view is opened once.
  await expect.poll(() => page.evaluate(() => window.__promptscopeViewsLoaded === true), { timeout: 120_000 }).toBe(true);
  const views = ['models', 'prompt', 'examples', 'study', 'runs', 'finetune', 'attention', 'tokens'];
  for (const view of views) {
    await page.getByTestId(`nav-${view}`).click();
    await expect(page.getByTestId(`view-${view}`)).toBeVisible();
  }
  await page.getByTestId('nav-prompt').click();
  await expect(page.locator('.monaco-editor').first()).toBeVisible();

  // 1. A 24-order × 300-example study runs (4 shots, all 24 orders of one seed, 300 test examples).
  await page.getByTestId('nav-study').click();
  await page.getByTestId('study-shots').fill('4');
  await page.getByTestId('study-seeds').fill('0');
  await page.getByTestId('study-orders-all').check();
  await page.getByTestId('study-test-sample').fill('300');
  await expect(page.getByTestId('study-train')).toContainText('SST-2 train');
  const reports: WindowReport[] = [];
  const clicks: Record<string, number> = {};
  reports.push(
    await measured(page, testInfo, 'a 24-order × 300-example study runs', async () => {
      await page.getByTestId('study-start').click();
      await shown(page.locator('[data-testid="study-progress"][data-state="running"]'));
      for (const view of [...views, 'study']) {
        const t0 = Date.now();
        await page.getByTestId(`nav-${view}`).click();
        await shown(page.getByTestId(`view-${view}`));
        clicks[view] = Date.now() - t0;
      }
      await saveScreenshot(page, 'study-running');
      await shown(page.locator('[data-testid="study-progress"][data-state="done"]'), 400_000);
      await shown(page.getByTestId('study-results'));
    }),
  );
  testInfo.annotations.push({ type: 'click to view while the study ran (ms)', description: JSON.stringify(clicks) });
  for (const [view, ms] of Object.entries(clicks)) expect(ms, `switching to ${view} while the study ran`).toBeLessThan(REVISIT_LIMIT_MS);
  const runId = (await page.getByTestId('study-results').locator('code').first().textContent())?.trim();
  expect(runId).toBeTruthy();

  // 2. Its results render from the Runs view: every chart drawn.
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('runs-table')).toBeVisible();
  reports.push(
    await measured(page, testInfo, 'the study’s results render', async () => {
      await page.getByTestId('runs-table').getByTestId('run-open').first().click();
      await shown(page.getByTestId('study-results'));
      for (const chart of ['order-accuracy', 'method-distribution', 'label-distribution', 'content-free', 'reliability', 'majority', 'recency', 'entropy']) {
        await shown(page.getByTestId(`chart-${chart}`).locator('canvas').first());
      }
      await shown(page.getByTestId('study-headline'));
      await page.waitForTimeout(1000);
    }),
  );
  await saveScreenshot(page, 'study-results-24x300');

  // 3. A 1,000-token prompt in the attention view (a synthetic GPT-2 with a long context).
  await useLongContextModel(page, api, home);
  await page.getByTestId('nav-attention').click();
  await page.getByTestId('attention-prompt').fill(LONG_PROMPT);
  reports.push(
    await measured(page, testInfo, 'the 1,000-token attention view draws', async () => {
      await page.getByTestId('attention-compute').click();
      await shown(page.getByTestId('attention-shape').filter({ hasText: /\d{4} tokens/ }), 180_000);
      await shown(page.getByTestId('heat-map-canvas'));
      await page.getByTestId('heat-map-canvas').hover({ position: { x: 150, y: 400 } });
      await shown(page.getByTestId('heat-map').filter({ hasText: '→ key' }));
      await page.waitForTimeout(1000);
    }),
  );
  await saveScreenshot(page, 'attention-1000-tokens-measured');
  // The head view's canvas is its window's size: scrolled to the end, it draws the last rows (their labels and lines).
  const headScroll = page.getByTestId('head-view-scroll');
  await headScroll.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const tail = await headScroll.evaluate((el) => el.scrollTop);
  expect(tail).toBeGreaterThan(10_000);
  await expect.poll(() => page.getByTestId('head-view-canvas').evaluate((c: HTMLCanvasElement) => c.height)).toBeLessThanOrEqual(560 * 2);
  await page.waitForTimeout(500);
  await page.getByTestId('head-view').screenshot({ path: path.join(repoRoot, 'e2e-artifacts', 'attention-1000-tokens-head-view-end.png') });

  // The results window drew what it measures: each of the eight charts waited for is built (and painted) in jobs of the queue.
  expect(reports[1].chartJobs, 'chart jobs while the results rendered (the trace names chart-queue.ts\'s runNext)').toBeGreaterThanOrEqual(8);
  for (const r of reports) expect(r.longestWorkMs, `${r.name}: the most thread time of one main-thread task without V8's major GCs (the goal, ${LONG_TASK_MS} ms)\n${r.cpuOfLongest.join('\n')}\n${r.frames.join('\n')}`).toBeLessThanOrEqual(LONG_TASK_MS);
  for (const r of reports) expect(r.longestMs, `${r.name}: longest main-thread task's wall time (guard ${WALL_GUARD_MS} ms × slowdown ${r.slowdown})\n${r.frames.join('\n')}`).toBeLessThanOrEqual(r.boundMs);
});
