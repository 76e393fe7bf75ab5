import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { sampleDataFile } from '../test/support/sample-data.ts';
import { repoRoot } from './fixtures/serve-process.ts';
import { expect, saveScreenshot, test } from './fixtures/workbench.ts';

/**
 * One state per setting and no stale results, on the real engine: the Models view's dtype picker
 * (and a refused add that does not outlive the next one), the Fine-tuning view dropping a finished
 * curve's progress when a new start is refused, the Examples page and the Study form sharing
 * shots, seeds and sampling across a reload, and the recency chart linked to attention by
 * demonstration position.
 */

function tinyDataset(home: string): string {
  const file = path.join(home, 'tiny.train');
  const lines = fs.readFileSync(sampleDataFile('sst2', 'stsa.binary.train'), 'utf8').split('\n').slice(0, 30);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function pickOption(page: Page, testId: string, text: string): Promise<void> {
  const select = page.getByTestId(testId);
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value!);
}

test('Models: the picked dtype is the graph the name loads; a refused add does not outlive the next one', async ({ workbench: page, api, home }) => {
  const dir = path.join(home, 'two-graphs');
  const synth = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'promptscope.js'), 'models', 'synth', '--arch', 'llama', '--dtype', 'fp32,fp16', '--layers', '1', '--hidden', '32', '--heads', '2', '--out', dir], { encoding: 'utf8' });
  expect(synth.status, synth.stderr).toBe(0);
  await page.getByTestId('nav-models').click();
  const form = page.getByTestId('add-model-form');
  await form.locator('input[name="dir"]').fill(dir);
  await form.locator('input[name="name"]').fill('two-graphs-fp16');
  // The folder has fp32 and fp16 graphs only: q4 is refused, naming the folder's problem.
  await form.getByTestId('add-model-dtype').selectOption('q4');
  await form.getByRole('button', { name: 'Add folder' }).click();
  await expect(form.getByTestId('add-model-error')).toContainText('q4');
  await saveScreenshot(page, 'state-1-models-dtype-refused');
  await form.getByTestId('add-model-dtype').selectOption('fp16');
  await form.getByRole('button', { name: 'Add folder' }).click();
  await expect(page.getByTestId('models-table')).toContainText('two-graphs-fp16');
  await expect(form.getByTestId('add-model-error')).toHaveCount(0);
  // Registered with its dtype: the API loads the fp16 graph for the name (read independently of the view).
  const info = await api<{ dtype: string; onnxFile: string; variants: { dtype: string }[] }>('models.info', { model: 'two-graphs-fp16' });
  expect(info.ok && [info.value.dtype, info.value.onnxFile]).toEqual(['fp16', 'onnx/model_fp16.onnx']);
  expect(info.ok && info.value.variants.map((v) => v.dtype).sort()).toEqual(['fp16', 'fp32']);
  await page.getByTestId('models-table').getByRole('row', { name: /two-graphs-fp16/ }).getByRole('button', { name: 'Use' }).click();
  await expect(page.getByTestId('active-onnx-file')).toContainText('onnx/model_fp16.onnx · fp16');
  await expect(page.getByTestId('active-variants')).toContainText('fp32 (onnx/model.onnx');
  await expect(page.getByTestId('active-variants')).toContainText('fp16 (onnx/model_fp16.onnx');
  await saveScreenshot(page, 'state-2-models-dtype-registered');
});

test('Fine-tuning: a refused start does not keep the previous curve’s progress beside its error', async ({ workbench: page, api, home }) => {
  test.setTimeout(300_000);
  expect(await api('datasets.import', { path: tinyDataset(home), format: 'sst2', name: 'tiny' })).toMatchObject({ ok: true });
  await page.getByTestId('nav-finetune').click();
  const form = page.getByTestId('finetune-form');
  await form.getByTestId('finetune-name').fill('first curve');
  await form.getByTestId('finetune-test-sample').fill('10');
  await form.getByTestId('finetune-budgets').fill('2');
  await form.getByTestId('finetune-seeds').fill('0');
  for (const m of ['calibration-diagonal', 'prompt']) await form.getByTestId(`finetune-method-${m}`).uncheck();
  await form.getByTestId('finetune-start').click();
  await expect(form.getByTestId('finetune-progress')).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await form.getByTestId('finetune-budgets').fill('0');
  await form.getByTestId('finetune-start').click();
  await expect(form.getByTestId('finetune-start-error')).toHaveText('Budgets: "0" is not a whole number of at least 1');
  await expect(form.getByTestId('finetune-progress')).toHaveCount(0);
  await saveScreenshot(page, 'state-3-finetune-refused');
});

test('the Examples page and the Study form are one state for shots, seeds and sampling, kept across a reload', async ({ workbench: page, api, home }) => {
  expect(await api('datasets.import', { path: tinyDataset(home), format: 'sst2', name: 'tiny' })).toMatchObject({ ok: true });
  await page.reload();
  await page.getByTestId('nav-examples').click();
  const demos = page.getByTestId('demonstrations');
  await demos.getByTestId('sample-shots').fill('3');
  await demos.getByTestId('sample-seeds').fill('1, 2');
  await demos.getByTestId('sample-seed').selectOption('2');
  await demos.getByTestId('sample-method').selectOption('balanced');
  await expect(demos.locator('li')).toHaveCount(3);
  const drawnOnExamples = await demos.locator('li .ps-demos__text').allTextContents();

  // The Study form holds the same values: what the Examples page shows is what the study runs.
  await page.getByTestId('nav-study').click();
  await expect(page.getByTestId('study-shots')).toHaveValue('3');
  await expect(page.getByTestId('study-seeds')).toHaveValue('1, 2');
  await expect(page.getByTestId('study-sampling')).toHaveValue('balanced');
  // And the other way: 2 shots set on the Study form are the Examples page's draw.
  await page.getByTestId('study-shots').fill('2');
  await pickOption(page, 'study-train', 'tiny');
  await pickOption(page, 'study-test', 'tiny');
  await page.getByTestId('study-test-sample').fill('10');
  await page.getByTestId('study-orders-all').check();
  await page.getByTestId('study-validate').click();
  // 2 seeds × 2! orders of 2 demonstrations.
  await expect(page.getByTestId('study-prompt-count')).toContainText('4 conditions');
  await page.getByTestId('nav-examples').click();
  await expect(demos.getByTestId('sample-shots')).toHaveValue('2');
  await expect(demos.locator('li')).toHaveCount(2);
  expect(drawnOnExamples.length).toBe(3);

  // A reload keeps the one state (and the previewed seed).
  await page.reload();
  await page.getByTestId('nav-examples').click();
  await expect(demos.getByTestId('sample-shots')).toHaveValue('2');
  await expect(demos.getByTestId('sample-seeds')).toHaveValue('1, 2');
  await expect(demos.getByTestId('sample-seed')).toHaveValue('2');
  await expect(demos.getByTestId('sample-method')).toHaveValue('balanced');
  await expect(demos.locator('li')).toHaveCount(2);
  await saveScreenshot(page, 'state-4-examples-shared-settings');
  await page.getByTestId('nav-study').click();
  await expect(page.getByTestId('study-shots')).toHaveValue('2');
  await expect(page.getByTestId('study-seeds')).toHaveValue('1, 2');
});

test('the recency chart and attention by demonstration position point at each other', async ({ workbench: page, api, home }) => {
  test.setTimeout(300_000);
  expect(await api('datasets.import', { path: tinyDataset(home), format: 'sst2', name: 'tiny' })).toMatchObject({ ok: true });
  await page.reload();
  await page.getByTestId('nav-study').click();
  await pickOption(page, 'study-train', 'tiny');
  await pickOption(page, 'study-test', 'tiny');
  await page.getByTestId('study-test-sample').fill('10');
  await page.getByTestId('study-shots').fill('3');
  await page.getByTestId('study-seeds').fill('0');
  await page.getByTestId('study-orders-all').check();
  await page.getByTestId('study-start').click();
  await expect(page.getByTestId('study-results')).toBeVisible({ timeout: 240_000 });
  const pair = page.getByTestId('recency-attention');
  await pair.getByTestId('study-attention-compute').click();
  await expect(pair.getByTestId('study-attention-table')).toBeVisible({ timeout: 120_000 });
  // Pointing at the recency chart marks the last (third) demonstration's row, and only it.
  await pair.getByTestId('chart-recency').locator('canvas').first().hover();
  await expect(pair).toHaveAttribute('data-pointed', 'recency:last');
  await expect(pair.getByTestId('study-attention-position-3')).toHaveAttribute('data-linked', 'true');
  await expect(pair.locator('[data-linked="true"]')).toHaveCount(1);
  await pair.getByTestId('chart-recency').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(repoRoot, 'e2e-artifacts', 'state-5-recency-points-at-attention.png'), clip: (await pair.boundingBox())! });
  // Pointing at the last row marks the recency chart; another row does not.
  await pair.getByTestId('study-attention-position-3').hover();
  await expect(pair).toHaveAttribute('data-pointed', 'attention:last');
  await expect(pair.locator('[data-linked="true"]')).toHaveCount(0);
  await page.screenshot({ path: path.join(repoRoot, 'e2e-artifacts', 'state-6-attention-points-at-recency.png'), clip: (await pair.boundingBox())! });
  await pair.getByTestId('study-attention-position-1').hover();
  await expect(pair).toHaveAttribute('data-pointed', 'attention:1');
});
