import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { sampleDataFile } from '../test/support/sample-data.ts';
import { expect, saveScreenshot, test } from './fixtures/workbench.ts';

/**
 * A study with design axes in the Study view: 2 templates x 2 verbalizers x 2 corruption rates on
 * the real engine. The spread charts are there, and a click on a bar of the per-template chart
 * opens a condition with that template, whose panel names its axis values (checked against the
 * API's own answer for that condition).
 */

interface Analysis {
  details: { design: { axes: { name: string; values: string[] }[]; perValue: { axis: string; value: string; method: string; accuracy: { mean: number } | null }[] } };
}

const TEMPLATES = ['Review: {{input}}\nSentiment: {{label}}', '{{input}} All in all, it was {{label}}'];

function tinyDataset(home: string): string {
  const file = path.join(home, 'tiny.train');
  const lines = fs.readFileSync(sampleDataFile('sst2', 'stsa.binary.train'), 'utf8').split('\n').slice(0, 30);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Clicks low inside the bar of category `index` of `count` (grid 64 px from the left, 24 from the right, 64 from the bottom). */
async function clickBar(chart: Locator, index: number, count: number): Promise<void> {
  const canvas = chart.locator('canvas').first();
  const box = (await canvas.boundingBox())!;
  const width = box.width - 64 - 24;
  await canvas.click({ position: { x: 64 + (width * (index + 0.5)) / count, y: box.height - 64 - 3 } });
}

async function openedAxes(page: Page, api: <T>(c: string, a: unknown) => Promise<{ ok: true; value: T } | { ok: false }>, runId: string) {
  const panel = page.getByTestId('condition-detail');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('condition-axes')).toBeVisible();
  const ref = { seed: Number(await panel.getAttribute('data-seed')), orderIndex: Number(await panel.getAttribute('data-order')), cell: Number(await panel.getAttribute('data-cell')) };
  const own = await api<{ axes: Record<string, string> }>('runs.condition', { runId, ...ref });
  expect(own.ok).toBe(true);
  const axes = own.ok ? own.value.axes : {};
  // The panel shows exactly the condition's axis values.
  for (const [axis, value] of Object.entries(axes)) await expect(panel.getByTestId('condition-axes').locator(`[data-axis="${axis}"] code`)).toHaveText(value);
  return axes;
}

test('a run with design axes shows the spread charts, and a click on a chart opens the matching condition', async ({ workbench: page, api, home, model }) => {
  test.setTimeout(360_000);
  const imported = await api<{ path: string }>('datasets.import', { path: tinyDataset(home), format: 'sst2', name: 'tiny' });
  expect(imported.ok).toBe(true);
  if (!imported.ok) return;
  const spec = {
    name: 'axes study',
    model,
    data: { train: { path: imported.value.path, format: 'sst2' }, test: { path: imported.value.path, format: 'sst2', sample: 10, seed: 0 } },
    task: { labels: { '0': ['Negative'], '1': ['Positive'] } },
    templates: TEMPLATES,
    labelWords: [{ '0': ['Negative'], '1': ['Positive'] }, { '0': ['Apple'], '1': ['Orange'] }],
    labelCorruption: [0, 1],
    corruption: 'flip',
    shots: 2,
    seeds: [0],
    calibration: ['none', 'contextual'],
    labelMode: 'full-sequence',
  };
  const started = await api<{ runId: string }>('studies.start', { spec });
  expect(started.ok, JSON.stringify(started)).toBe(true);
  if (!started.ok) return;
  const runId = started.value.runId;
  await expect
    .poll(async () => {
      const runs = await api<{ runId: string; status: string }[]>('runs.list', {});
      return runs.ok ? runs.value.find((r) => r.runId === runId)?.status : undefined;
    }, { timeout: 240_000 })
    .toBe('done');

  await page.getByTestId('nav-runs').click();
  await page.getByTestId('runs-table').locator(`tr[data-run-id="${runId}"]`).getByTestId('run-open').click();
  await expect(page.getByTestId('study-results')).toBeVisible();
  const cards = page.getByTestId('design-cards');
  await expect(cards).toBeVisible();
  await expect(page.getByTestId('design-scope')).toContainText('template (2) × labelWords (2) × labelCorruption (2) = 8 cells');
  await expect(page.getByTestId('design-scope')).toContainText('all 8 conditions of the design');
  for (const id of ['chart-axis-template', 'chart-axis-labelWords', 'chart-axis-labelCorruption', 'chart-axis-spread', 'chart-variance', 'chart-template-ensemble']) {
    await expect(page.getByTestId(id).locator('canvas').first()).toBeVisible();
  }
  await cards.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'axes-1-design-cards');

  // A click on each template's bar opens a condition of that template.
  const analysis = await api<Analysis>('runs.analysis', { runId });
  expect(analysis.ok).toBe(true);
  if (!analysis.ok) return;
  const rows = analysis.value.details.design.perValue.filter((r) => r.axis === 'template' && r.method === 'none');
  expect(rows.map((r) => r.value)).toEqual(TEMPLATES);
  const chart = page.getByTestId('chart-axis-template');
  let clicked = 0;
  for (const [index, row] of rows.entries()) {
    // A bar of height 0 cannot be clicked; its points still can, but not at a known place.
    if ((row.accuracy?.mean ?? 0) < 0.05) continue;
    await chart.scrollIntoViewIfNeeded();
    await clickBar(chart, index, rows.length);
    const axes = await openedAxes(page, api, runId);
    expect(axes.template).toBe(TEMPLATES[index]);
    clicked++;
    await page.getByTestId('condition-close').click();
  }
  expect(clicked, 'at least one template bar is tall enough to click').toBeGreaterThan(0);
  // A click on the corruption chart's bar for rate 1 opens a condition whose demonstrations show flipped labels.
  const corruption = page.getByTestId('chart-axis-labelCorruption');
  const rate1 = analysis.value.details.design.perValue.find((r) => r.axis === 'labelCorruption' && r.value === '1' && r.method === 'none')!;
  if ((rate1.accuracy?.mean ?? 0) >= 0.05) {
    await corruption.scrollIntoViewIfNeeded();
    await clickBar(corruption, 1, 2);
    const axes = await openedAxes(page, api, runId);
    expect(axes.labelCorruption).toBe('1');
    await expect(page.getByTestId('condition-detail').getByTestId('demo-corrupted')).toHaveCount(2);
    await saveScreenshot(page, 'axes-2-condition-with-axes');
  }
});
