import fs from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { sampleDataFile } from '../test/support/sample-data.ts';
import { artifactsDir, expect, saveScreenshot, test } from './fixtures/workbench.ts';

/**
 * The whole user journey (import, prompt, study, results, export) on the model the fixture provides (the embedded default; set
 * PROMPTSCOPE_E2E_MODEL to a folder to use another): import SST-2, write a template, run a 4-shot
 * all-orders study with contextual calibration, read its charts, open the attention view for the
 * prompt, export the run. Each view is saved under e2e-artifacts/ for people to look at.
 *
 * The test sample is small (24 examples, one seed: 24 orders x 27 prompts) so the study finishes in
 * a minute or two on two shared cores.
 */

const TEMPLATE = 'Movie review: {{input}}\nSentiment: {{label}}';
const TEST_SAMPLE = 24;

/** Picks the option of a <select> whose text contains `text`. */
async function pickOption(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  expect(value, `${testId} has an option containing "${text}"`).toBeTruthy();
  await select.selectOption(value!);
}

/** Screenshots the whole view, not just the window: the view scrolls inside <main>. */
async function saveViewScreenshot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.querySelector('main')?.scrollHeight ?? 0));
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(size.height, height + 16), 6000) });
  // ECharts re-lays out on resize; let it settle before the picture.
  await page.waitForTimeout(600);
  await saveScreenshot(page, name);
  await page.setViewportSize(size);
}

async function downloadText(download: Download): Promise<string> {
  const file = await download.path();
  return fs.readFileSync(file, 'utf8');
}

async function importDataset(page: Page, file: string, expectedRows: string): Promise<void> {
  await page.getByTestId('import-path').fill(file);
  await expect(page.getByTestId('import-format')).toHaveValue('sst2');
  await page.getByTestId('import-submit').click();
  // Wait for the import to end either way, then require that it did not end in an error.
  const imported = page.getByTestId('rows-range').filter({ hasText: `of ${expectedRows}` });
  await expect(page.getByTestId('import-error').or(imported)).toBeVisible();
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await expect(imported).toBeVisible();
}

test('the research journey: import, template, 4-shot all-orders study with contextual calibration, charts, attention, export', async ({ workbench: page }) => {
  test.setTimeout(900_000);
  fs.mkdirSync(artifactsDir, { recursive: true });

  // 1. Examples: import the SST-2 training and test files, browse and search.
  await page.getByTestId('nav-examples').click();
  await importDataset(page, sampleDataFile('sst2', 'stsa.binary.train'), '6,920');
  await expect(page.getByTestId('label-counts')).toContainText('3,610');
  await page.getByTestId('rows-search').fill('gorgeous');
  await expect(page.getByTestId('rows-range')).toContainText('filtered from 6,920');
  await expect(page.getByTestId('rows-table').locator('mark').first()).toHaveText(/gorgeous/i);
  await page.getByTestId('rows-search').fill('');
  await expect(page.getByTestId('rows-range')).toContainText('rows 1–50 of 6,920');
  await page.getByTestId('rows-next').click();
  await expect(page.getByTestId('rows-range')).toContainText('rows 51–100 of 6,920');
  await expect(page.getByTestId('demonstrations').locator('li')).toHaveCount(4);
  // Pin a row: it joins the demonstrations drawn for the seed.
  const firstRow = page.getByTestId('rows-table').locator('tbody tr').first();
  const pinnedText = (await firstRow.locator('.ps-rows__text').innerText()).trim();
  await firstRow.getByRole('button', { name: 'Pin' }).click();
  await expect(page.getByTestId('demonstrations')).toContainText(pinnedText.slice(0, 30));
  await firstRow.getByRole('button', { name: 'Pinned' }).click();
  await saveViewScreenshot(page, 'journey-1-examples');
  await importDataset(page, sampleDataFile('sst2', 'stsa.binary.test'), '1,821');
  // Back to the training set: its demonstrations feed the prompt preview.
  await page.getByTestId('dataset-stsa.binary.train').click();
  await expect(page.getByTestId('rows-range')).toContainText('of 6,920');

  // 2. Prompt: write the template in Monaco; the preview is tokenized and the label words scored.
  await page.getByTestId('nav-prompt').click();
  const editor = page.getByTestId('template-editor').locator('.monaco-editor');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // A typo first: the shared validator names the field, in the editor and below it.
  await page.keyboard.insertText('Movie review: {{inptu}}\nSentiment: {{label}}');
  await expect(page.getByTestId('template-problems')).toContainText('{{inptu}}');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(TEMPLATE);
  await expect(page.getByTestId('template-problems')).toHaveCount(0);
  // Typing "{{" offers the placeholders and the dataset's fields.
  await page.keyboard.type(' {{');
  const suggestions = page.locator('.suggest-widget');
  await expect(suggestions).toBeVisible();
  await expect(suggestions).toContainText('{{input}}');
  await expect(suggestions).toContainText('{{text}}');
  await page.keyboard.press('Escape');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
  await expect(page.getByTestId('template-problems')).toHaveCount(0);
  await expect(page.getByTestId('template-editor').locator('.mtk1, span[class^="mtk"]').first()).toBeVisible();
  await expect(page.getByTestId('token-count')).toHaveText(/^\d[\d,]* \/ [\d,]+ tokens$/);
  await expect(page.getByTestId('token-strip')).toContainText('Movie·review:');
  await expect(page.getByTestId('token-strip').locator('.ps-token').first()).toBeVisible();
  await expect(page.getByTestId('label-scores')).toContainText('Negative');
  await expect(page.getByTestId('label-scores')).toContainText('Positive');
  await saveViewScreenshot(page, 'journey-2-prompt');

  // 3. Study: 4 shots, all 24 orders, one seed, none + contextual, a small test sample.
  await page.getByTestId('nav-study').click();
  await expect(page.getByTestId('study-template')).toHaveText(TEMPLATE.replace('\n', '↵'));
  await page.getByTestId('study-name').fill('journey: SST-2 order study');
  await pickOption(page, 'study-train', 'stsa.binary.train');
  await pickOption(page, 'study-test', 'stsa.binary.test');
  await page.getByTestId('study-test-sample').fill(String(TEST_SAMPLE));
  await page.getByTestId('study-shots').fill('4');
  await page.getByTestId('study-seeds').fill('0');
  await page.getByTestId('study-orders-all').check();
  await page.getByTestId('study-method-none').check();
  await page.getByTestId('study-method-contextual').check();
  await page.getByTestId('study-validate').click();
  await expect(page.getByTestId('study-validation')).toContainText(`24 conditions × (${TEST_SAMPLE} test examples + 3 content-free inputs)`);
  await page.getByTestId('study-start').click();
  await expect(page.getByTestId('study-progress')).toBeVisible();
  await expect(page.getByTestId('study-progress')).toContainText('prompts');
  await saveViewScreenshot(page, 'journey-3-study-running');
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-state', 'done', { timeout: 600_000 });
  const results = page.getByTestId('study-results');
  await expect(results).toBeVisible();
  const summary = page.getByTestId('study-summary-table');
  await expect(summary.locator('tbody tr')).toHaveCount(2);
  await expect(summary).toContainText('contextual');
  await expect(summary.locator('tbody tr').first().locator('td').first()).toHaveText('24');
  for (const chart of ['order-accuracy', 'method-distribution', 'label-distribution', 'content-free', 'reliability', 'majority', 'recency', 'entropy']) {
    await expect(page.getByTestId(`chart-${chart}`).locator('canvas').first()).toBeVisible();
  }
  await page.getByTestId('order-method').selectOption('contextual');

  // Charts export as PNG and SVG.
  const orderChart = page.getByTestId('chart-order-accuracy');
  const [png] = await Promise.all([page.waitForEvent('download'), orderChart.getByRole('button', { name: 'PNG' }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
  expect(fs.readFileSync(await png.path()).subarray(1, 4).toString()).toBe('PNG');
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-content-free').getByRole('button', { name: 'SVG' }).click()]);
  expect(svg.suggestedFilename()).toMatch(/\.svg$/);
  expect(await downloadText(svg)).toMatch(/^<svg[\s\S]*N\/A[\s\S]*<\/svg>$/);
  await saveViewScreenshot(page, 'journey-4-study-results');

  // 4. Attention for one prompt: the previewed few-shot prompt, with its demonstrations named.
  await page.getByTestId('nav-prompt').click();
  await page.getByTestId('prompt-open-attention').click();
  await expect(page.getByTestId('view-attention')).toBeVisible();
  await expect(page.getByTestId('attention-shape')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('head-view-canvas')).toBeVisible();
  await expect(page.getByTestId('attention-prompt')).toHaveValue(/^Movie review: /);
  await saveViewScreenshot(page, 'journey-5-attention');

  // 5. Runs: the run is stored; export it as JSONL (one row per seed x order x test example).
  await page.getByTestId('nav-runs').click();
  const row = page.getByTestId('runs-table').locator('tbody tr', { hasText: 'journey: SST-2 order study' });
  await expect(row).toBeVisible();
  const runId = await row.getAttribute('data-run-id');
  const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-jsonl-${runId}`).click()]);
  const lines = (await downloadText(jsonl)).trim().split('\n').map((l) => JSON.parse(l) as { runId: string; orderIndex: number; predicted: Record<string, string>; gold: string });
  expect(lines).toHaveLength(24 * TEST_SAMPLE);
  expect(new Set(lines.map((l) => l.orderIndex)).size).toBe(24);
  expect(lines.every((l) => l.runId === runId && l.predicted.none !== undefined && l.predicted.contextual !== undefined)).toBe(true);
  // The accuracy the summary table shows is recomputed from the exported rows.
  const accuracy = lines.filter((l) => l.predicted.contextual === l.gold).length / lines.length;
  await expect(row).toContainText(`${(accuracy * 100).toFixed(1)}%`);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`export-csv-${runId}`).click()]);
  expect((await downloadText(csv)).trim().split('\n').length).toBeGreaterThan(24 * TEST_SAMPLE);

  // A second, one-order study with batch calibration, to compare the two runs side by side.
  await page.getByTestId('nav-study').click();
  await page.getByTestId('study-name').fill('journey: drawn order, batch');
  await page.getByTestId('study-orders-first').check();
  await page.getByTestId('study-method-batch').check();
  await page.getByTestId('study-start').click();
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(page.getByTestId('study-summary-table').locator('tbody tr')).toHaveCount(3);
  await page.getByTestId('nav-runs').click();
  const runs = page.getByTestId('runs-table').locator('tbody tr');
  await expect(runs).toHaveCount(2);
  for (const name of ['journey: SST-2 order study', 'journey: drawn order, batch']) await runs.filter({ hasText: name }).getByRole('checkbox').check();
  await page.getByTestId('runs-compare').click();
  const comparison = page.getByTestId('runs-comparison');
  await expect(comparison.getByTestId('comparison-table').locator('tbody tr')).toHaveCount(2);
  await expect(comparison.getByTestId('comparison-table')).toContainText('batch');
  await expect(comparison.getByTestId('chart-compare-distribution').locator('canvas').first()).toBeVisible();
  await saveViewScreenshot(page, 'journey-6-runs');
});

test('a running study shows its rate and can be cancelled; the run stays listed as cancelled', async ({ workbench: page, api }) => {
  // Set-up through the API; the journey above imports through the page.
  for (const file of ['stsa.binary.train', 'stsa.binary.test']) {
    const imported = await api('datasets.import', { path: sampleDataFile('sst2', file), format: 'sst2' });
    expect(imported.ok, JSON.stringify(imported)).toBe(true);
  }
  await page.getByTestId('nav-study').click();
  await pickOption(page, 'study-train', 'stsa.binary.train');
  await pickOption(page, 'study-test', 'stsa.binary.test');
  await page.getByTestId('study-name').fill('to be cancelled');
  await page.getByTestId('study-test-sample').fill('300');
  await page.getByTestId('study-seeds').fill('0-4');
  await page.getByTestId('study-start').click();
  const progress = page.getByTestId('study-progress');
  await expect(progress).toHaveAttribute('data-state', 'running');
  // Some prompts scored, and a measured rate, before cancelling.
  await expect(progress).toContainText(/prompts\/s/, { timeout: 120_000 });
  await page.getByTestId('study-cancel').click();
  await expect(progress).toHaveAttribute('data-state', 'cancelled', { timeout: 120_000 });
  await expect(progress).toContainText('cancelled');
  await expect(page.getByTestId('study-start')).toBeEnabled();
  await page.getByTestId('nav-runs').click();
  await expect(page.getByTestId('runs-table').locator('tbody tr', { hasText: 'to be cancelled' })).toContainText('cancelled');
});
