import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { sampleDataFile } from '../test/support/sample-data.ts';
import { expect, saveScreenshot, test } from './fixtures/workbench.ts';

/**
 * What you see is what runs: pins and exclusions made on the Examples page go into the study, the
 * Prompt view's preview is byte for byte the prompt the study scored, the selections survive a
 * reload, and a click on a chart opens that condition's detail. On the real engine, with a
 * 30-row slice of SST-2 as both the demonstration pool and the test set (2 shots, both orders).
 */

interface ConditionDetail {
  prefix: string;
  demonstrations: { exampleId: string }[];
  examples: { exampleId: string; query: string }[];
}

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

test('pins and exclusions run, the preview is the scored prompt, selections survive a reload, charts drill down', async ({ workbench: page, api, home }) => {
  test.setTimeout(420_000);
  const imported = await api<{ datasetId: string }>('datasets.import', { path: tinyDataset(home), format: 'sst2', name: 'tiny' });
  expect(imported.ok, JSON.stringify(imported)).toBe(true);

  // Examples: 2 shots; a typed 1000 is refused in the field's words, not clamped.
  await page.getByTestId('nav-examples').click();
  await page.getByTestId('dataset-tiny').click();
  await page.getByTestId('sample-shots').fill('1000');
  await expect(page.getByTestId('sample-shots-error')).toHaveText('Shots: at most 64 (you typed 1,000)');
  await expect(page.getByTestId('demonstrations').locator('li')).toHaveCount(0);
  await page.getByTestId('sample-shots').fill('2');
  await expect(page.getByTestId('sample-shots-error')).toHaveCount(0);
  await expect(page.getByTestId('demonstrations').locator('li')).toHaveCount(2);
  // Pin row 5, exclude row 2.
  const rows = page.getByTestId('rows-table').locator('tbody tr');
  await rows.nth(4).getByRole('button', { name: 'Pin' }).click();
  await rows.nth(1).getByRole('button', { name: 'Exclude' }).click();
  const pinned = 'tiny.train:5';
  const excluded = 'tiny.train:2';
  await expect(page.getByTestId('demonstrations')).toContainText('pinned');

  // Prompt: a separator of our own; the preview shows the pinned demonstration.
  await page.getByTestId('nav-prompt').click();
  await page.getByTestId('prompt-separator').fill('\\n###\\n');
  const preview = page.getByTestId('prompt-preview');
  await expect(preview).toHaveAttribute('data-text', /###/);
  await expect(page.getByTestId('token-count')).toHaveText(/tokens$/);

  // A reload keeps the dataset, the pins and the separator.
  await page.reload();
  await expect(page.getByTestId('connection-status')).toContainText('browser mode', { timeout: 60_000 });
  await expect(page.getByTestId('prompt-separator')).toHaveValue('\\n###\\n');
  await expect(page.getByText('1 pinned, 1 excluded')).toBeVisible();
  await expect(preview).toHaveAttribute('data-text', /###/);
  const previewText = (await preview.getAttribute('data-text'))!;
  const queryId = (await preview.getAttribute('data-query-id'))!;
  expect(queryId).not.toBe('');
  await page.getByTestId('nav-examples').click();
  await expect(page.getByTestId('dataset-list').locator('[aria-current="true"]')).toContainText('tiny');
  await expect(page.getByText('1 pinned · 1 excluded')).toBeVisible();
  await expect(page.getByTestId('sample-shots')).toHaveValue('2');
  await saveScreenshot(page, 'trust-1-examples-pinned');

  // Study over the same 30 rows: both orders of seed 0, none + contextual.
  await page.getByTestId('nav-study').click();
  await pickOption(page, 'study-train', 'tiny');
  await pickOption(page, 'study-test', 'tiny');
  await page.getByTestId('study-name').fill('pinned study');
  await page.getByTestId('study-test-sample').fill('');
  await page.getByTestId('study-shots').fill('2');
  await page.getByTestId('study-seeds').fill('0');
  await page.getByTestId('study-orders-all').check();
  await expect(page.getByTestId('study-pins')).toContainText('1 pinned');
  await page.getByTestId('study-validate').click();
  // The count says what it counts: test prompts and the content-free ones.
  await expect(page.getByTestId('study-prompt-count')).toHaveText('2 conditions × (30 test examples + 3 content-free inputs) = 66 prompts to score (60 test prompts and 6 calibration prompts).');
  await page.getByTestId('study-start').click();
  await expect(page.getByTestId('study-progress')).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  await expect(page.getByTestId('study-headline')).toBeVisible();

  // The run's spec carries the pins; every exported condition shows the pinned demonstration and never the excluded one.
  const runs = await api<{ runId: string; name: string }[]>('runs.list', {});
  const runId = runs.ok ? runs.value.find((r) => r.name === 'pinned study')!.runId : '';
  const detail = await api<{ spec: { demonstrations: { pinned: string[]; excluded: string[] } } }>('runs.get', { runId });
  expect(detail.ok && detail.value.spec.demonstrations).toEqual({ pinned: [pinned], excluded: [excluded] });
  const exported = await api<{ rows: { order: string[] }[] }>('runs.rows', { runId });
  expect(exported.ok && exported.value.rows.length).toBe(60);
  for (const row of exported.ok ? exported.value.rows : []) {
    expect(row.order).toContain(pinned);
    expect(row.order).not.toContain(excluded);
  }

  // The preview equals, byte for byte, the prompt the study scored for seed 0's drawn order and that query.
  const condition = await api<ConditionDetail>('runs.condition', { runId, seed: 0, orderIndex: 0 });
  expect(condition.ok).toBe(true);
  if (!condition.ok) return;
  const scored = condition.value.examples.find((e) => e.exampleId === queryId)!;
  expect(condition.value.prefix + scored.query).toBe(previewText);

  // A click on a bar of the order chart opens that condition: its demonstrations, prompt and examples.
  const chart = page.getByTestId('chart-order-accuracy').locator('canvas').first();
  const box = (await chart.boundingBox())!;
  // Two bars, best first, in a grid 64 px from the left and 48 px from the bottom: click low inside the first.
  await chart.click({ position: { x: 64 + (box.width - 88) / 4, y: box.height - 52 } });
  const panel = page.getByTestId('condition-detail');
  await expect(panel).toBeVisible();
  await expect(panel).toHaveAttribute('data-seed', '0');
  await expect(panel.getByTestId('condition-demos').locator('li')).toHaveCount(2);
  await expect(panel.getByTestId('condition-demos')).toContainText(pinned);
  await expect(panel.getByTestId('condition-pcf')).toContainText('%');
  await expect(panel.getByTestId('condition-examples').locator('tbody tr')).toHaveCount(30);
  await panel.getByTestId('condition-wrong-only').check();
  const wrong = await panel.getByTestId('condition-examples').locator('tbody tr').count();
  const accuracy = Number((await panel.getByTestId('condition-accuracy-contextual').innerText()).replace('%', '')) / 100;
  expect(wrong).toBe(Math.round(30 * (1 - accuracy)));
  await panel.getByTestId('condition-wrong-only').uncheck();
  await panel.getByTestId('condition-examples').locator(`tr[data-example-id="${queryId}"]`).click();
  const order = Number(await panel.getAttribute('data-order'));
  const shown = await api<ConditionDetail>('runs.condition', { runId, seed: 0, orderIndex: order });
  const expected = shown.ok ? shown.value.prefix + shown.value.examples.find((e) => e.exampleId === queryId)!.query : '';
  expect(await panel.getByTestId('condition-prompt').textContent()).toBe(expected);
  await saveScreenshot(page, 'trust-2-study-drill-down');

  // Attention over the study: by demonstration position, over a stated sample of its prompts.
  await page.getByTestId('study-attention-compute').click();
  await expect(page.getByTestId('study-attention-sample')).toHaveText('Over 16 prompts: 2 of 2 conditions (evenly spaced) × the first 8 of 30 test examples.', { timeout: 120_000 });
  await expect(page.getByTestId('study-attention-table').locator('tr')).toHaveCount(3);

  // From a row: the Attention view, prefilled with that exact prompt.
  await panel.getByTestId('condition-examples').locator(`tr[data-example-id="${queryId}"]`).getByTestId('row-open-attention').click();
  await expect(page.getByTestId('view-attention')).toBeVisible();
  await expect(page.getByTestId('attention-prompt')).toHaveValue(expected);
  await expect(page.getByTestId('attention-shape')).toBeVisible({ timeout: 120_000 });
  // The heat map names its tokens on both axes and shows its colour scale.
  await expect(page.getByTestId('heat-map-labels').locator('span').first()).toBeVisible();
  await expect(page.getByTestId('heat-map-scale')).toContainText('attention weight');
  await saveScreenshot(page, 'trust-7-attention');
});

test('the template suggestion list shows its rows and Enter inserts a newline after accepting one', async ({ workbench: page }) => {
  await page.getByTestId('nav-prompt').click();
  const editor = page.getByTestId('template-editor').locator('.monaco-editor');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  const lines = page.getByTestId('template-editor').locator('.view-line');
  const before = await lines.count();
  await page.keyboard.type(' {{');
  const widget = page.locator('.suggest-widget');
  await expect(widget).toBeVisible();
  const rows = widget.locator('.monaco-list-row');
  await expect(rows.first()).toBeVisible();
  // Every visible row's label lies inside its row and has text (a padded row pushes it out of sight).
  const geometry = await rows.evaluateAll((els) =>
    els.slice(0, 3).map((row) => {
      const label = row.querySelector('.label-name') as HTMLElement | null;
      const r = row.getBoundingClientRect();
      const l = label?.getBoundingClientRect();
      return { text: label?.innerText ?? '', inside: !!l && l.height > 0 && l.top >= r.top - 1 && l.bottom <= r.bottom + 1 && l.left >= r.left - 1 && l.right <= r.right + 1 };
    }),
  );
  expect(geometry.length).toBeGreaterThan(0);
  for (const g of geometry) {
    expect(g.text).toMatch(/^\{\{\w+\}\}$/);
    expect(g.inside, `row "${g.text}" shows its label`).toBe(true);
  }
  await saveScreenshot(page, 'trust-3-prompt-suggestions');
  await page.keyboard.press('Enter');
  await expect(widget).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(lines).toHaveCount(before + 1);
});

test('a stored run describes itself: its own spec, the runs table columns, a config diff and paired tests, rename, tag and delete', async ({ workbench: page, api, home, model }) => {
  test.setTimeout(300_000);
  const imported = await api<{ path: string }>('datasets.import', { path: tinyDataset(home), format: 'sst2', name: 'tiny' });
  expect(imported.ok).toBe(true);
  if (!imported.ok) return;
  const data = { train: { path: imported.value.path, format: 'sst2' }, test: { path: imported.value.path, format: 'sst2', sample: 20, seed: 0 } };
  const task = { template: 'Review: {{input}}\nSentiment: {{label}}', labels: { '0': ['Negative'], '1': ['Positive'] } };
  const runIds: string[] = [];
  for (const spec of [
    { name: 'run A: all orders', model, data, task, shots: 2, seeds: [0], orders: 'all', calibration: ['none', 'contextual'] },
    { name: 'run B: drawn order', model, data, task, shots: 2, seeds: [0], orders: 'first', calibration: ['none', 'contextual', 'batch'] },
  ]) {
    const started = await api<{ runId: string }>('studies.start', { spec });
    expect(started.ok, JSON.stringify(started)).toBe(true);
    if (started.ok) runIds.push(started.value.runId);
    await expect
      .poll(async () => {
        const runs = await api<{ runId: string; status: string }[]>('runs.list', {});
        return runs.ok ? runs.value.find((r) => r.runId === runIds.at(-1))?.status : undefined;
      }, { timeout: 180_000 })
      .toBe('done');
  }

  // The table says what each run is.
  await page.getByTestId('nav-runs').click();
  const rowA = page.getByTestId('runs-table').locator(`tr[data-run-id="${runIds[0]}"]`);
  await expect(rowA).toContainText('tiny.train (both)');
  await expect(rowA).toContainText('Review: {{input}}↵Sentiment: {{label}}');
  await expect(rowA.locator('td').nth(4)).toHaveText('2');
  await expect(rowA.locator('td').nth(6)).toHaveText('20');

  // Compare: what differs, and the paired tests on the 20 shared examples.
  for (const id of runIds) await page.getByTestId('runs-table').locator(`tr[data-run-id="${id}"]`).getByRole('checkbox').check();
  await page.getByTestId('runs-compare').click();
  const diff = page.getByTestId('comparison-config-diff');
  await expect(diff).toContainText('orders');
  await expect(diff).toContainText('calibration');
  await expect(diff).not.toContainText('task.template');
  const paired = page.getByTestId('comparison-paired');
  await expect(paired.locator('tbody tr')).toHaveCount(2);
  await expect(paired.locator('tbody tr').first()).toContainText('20');
  await expect(paired).toContainText('McNemar');
  await saveScreenshot(page, 'trust-4-runs-compare');

  // Rename and tag run A; delete run B after confirming.
  await rowA.getByTestId('run-edit').click();
  await rowA.getByTestId('run-name-input').fill('run A renamed');
  await rowA.getByTestId('run-tags-input').fill('baseline, sst2');
  await rowA.getByTestId('run-save').click();
  await expect(rowA).toContainText('run A renamed');
  await expect(rowA.locator('.ps-tag')).toHaveText(['baseline', 'sst2']);
  const rowB = page.getByTestId('runs-table').locator(`tr[data-run-id="${runIds[1]}"]`);
  await rowB.getByTestId('run-delete').click();
  await rowB.getByTestId('run-delete-confirm').click();
  await expect(rowB).toHaveCount(0);
  await expect(page.getByTestId('runs-comparison')).toHaveCount(0);
  const listed = await api<{ runId: string; name: string; tags: string[] }[]>('runs.list', {});
  expect(listed.ok && listed.value.map((r) => [r.name, r.tags])).toEqual([['run A renamed', ['baseline', 'sst2']]]);

  // Opened from the table, the run shows its own spec whatever the form says; "copy into the form" fills the form.
  await page.getByTestId('nav-study').click();
  await page.getByTestId('study-shots').fill('5');
  await page.getByTestId('study-seeds').fill('3, 4');
  await page.getByTestId('nav-runs').click();
  await rowA.getByTestId('run-open').click();
  await expect(page.getByTestId('study-results')).toBeVisible();
  const card = page.getByTestId('run-spec-card');
  await card.locator('summary').click();
  await expect(page.getByTestId('run-spec')).toContainText('shots: 2');
  await expect(page.getByTestId('run-spec')).toContainText('orders: all');
  await expect(page.getByTestId('study-shots')).toHaveValue('5');
  await page.getByTestId('run-spec-copy').click();
  await expect(page.getByTestId('run-spec-copy-notes')).toContainText('Copied');
  await expect(page.getByTestId('study-shots')).toHaveValue('2');
  await expect(page.getByTestId('study-seeds')).toHaveValue('0');
  await expect(page.getByTestId('study-orders-all')).toBeChecked();
  await expect(page.getByTestId('study-test-sample')).toHaveValue('20');
  await saveScreenshot(page, 'trust-5-study-run-spec');
});

test('no view keeps a previous result after an error, and errors read in the form\'s words', async ({ workbench: page, api, home }) => {
  test.setTimeout(300_000);
  const imported = await api<{ path: string }>('datasets.import', { path: tinyDataset(home), format: 'sst2', name: 'tiny' });
  expect(imported.ok).toBe(true);

  // Tokens: a distribution, then a request the API refuses: the old chart goes, the error names the field.
  await page.getByTestId('nav-tokens').click();
  await page.getByTestId('predict-next').click();
  await expect(page.getByTestId('next-chart').locator('canvas').first()).toBeVisible();
  // The prompt's own tokenization, and each generated token with its probability under the model.
  await expect(page.getByTestId('tokens-prompt-tokens').locator('.ps-token').first()).toBeVisible();
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate')).toHaveText('Generate', { timeout: 120_000 });
  const logprobs = await page.getByTestId('generated-token').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-logprob'))));
  expect(logprobs.length).toBeGreaterThan(0);
  for (const lp of logprobs) expect(lp <= 0 && Number.isFinite(lp)).toBe(true);
  await expect(page.getByTestId('generated-scale')).toContainText('mean log p');
  await saveScreenshot(page, 'trust-6-tokens');
  await page.getByTestId('tokens-top').fill('5000');
  await page.getByTestId('predict-next').click();
  await expect(page.getByTestId('next-error')).toContainText('Top: at most 1,000');
  await expect(page.getByTestId('next-chart')).toHaveCount(0);

  // Attention: maps for one prompt, then an empty prompt: the maps go.
  await page.getByTestId('nav-attention').click();
  await page.getByTestId('attention-compute').click();
  await expect(page.getByTestId('attention-shape')).toBeVisible({ timeout: 120_000 });
  await page.getByTestId('attention-prompt').fill('');
  await page.getByTestId('attention-compute').click();
  await expect(page.getByTestId('attention-error')).toContainText('must not be empty');
  await expect(page.getByTestId('attention-shape')).toHaveCount(0);
  await expect(page.getByTestId('heat-map')).toHaveCount(0);

  // Examples: demonstrations, then a shots value out of range: no stale draw stays on screen.
  await page.getByTestId('nav-examples').click();
  await expect(page.getByTestId('demonstrations').locator('li')).toHaveCount(4);
  await page.getByTestId('sample-shots').fill('-3');
  await expect(page.getByTestId('sample-shots-error')).toHaveText('Shots: at least 0 (you typed -3)');
  await expect(page.getByTestId('demonstrations').locator('li')).toHaveCount(0);
  await page.getByTestId('sample-shots').fill('4');

  // Prompt: a tokenized preview with label scores, then a broken template: neither stays.
  await page.getByTestId('nav-prompt').click();
  await expect(page.getByTestId('label-scores')).toContainText('Positive');
  await page.getByTestId('prompt-separator').fill('\\n\\n');
  const editor = page.getByTestId('template-editor').locator('.monaco-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('Review: {{nope}}\nSentiment: {{label}}');
  await expect(page.getByTestId('template-problems')).toContainText('{{nope}}');
  await expect(page.getByTestId('token-count')).toHaveText('not tokenized');
  await expect(page.getByTestId('label-scores')).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText('Review: {{input}}\nSentiment: {{label}}');

  // Study: a checked plan, then a field that is not acceptable: the plan goes, the message is the field's.
  await page.getByTestId('nav-study').click();
  await pickOption(page, 'study-train', 'tiny');
  await pickOption(page, 'study-test', 'tiny');
  await page.getByTestId('study-test-sample').fill('10');
  await page.getByTestId('study-shots').fill('2');
  await page.getByTestId('study-seeds').fill('0');
  await page.getByTestId('study-orders-first').check();
  await page.getByTestId('study-validate').click();
  await expect(page.getByTestId('study-validation')).toBeVisible();
  await page.getByTestId('study-shots').fill('1000');
  await expect(page.getByTestId('study-validation')).toHaveCount(0);
  await expect(page.getByTestId('study-field-problem')).toHaveText('Shots: at most 64 (you typed 1,000)');
  await page.getByTestId('study-validate').click();
  await expect(page.getByTestId('study-config-error')).toHaveText('Shots: at most 64 (you typed 1,000)');
  await page.getByTestId('study-shots').fill('2');
  await page.getByTestId('study-validate').click();
  await expect(page.getByTestId('study-validation')).toBeVisible();
  // More test examples than the file has: an error, never a silent clamp.
  await page.getByTestId('study-test-sample').fill('31');
  await page.getByTestId('study-validate').click();
  await expect(page.getByTestId('study-config-error')).toContainText('31 exceeds the 30 examples');
  await expect(page.getByTestId('study-validation')).toHaveCount(0);
  await page.getByTestId('study-test-sample').fill('10');
  // A seeds list the form cannot read: the old plan goes, the message names the piece.
  await page.getByTestId('study-seeds').fill('0, x');
  await page.getByTestId('study-validate').click();
  await expect(page.getByTestId('study-config-error')).toHaveText('seeds: "x" is not a whole number or a range like 0-4');
  await expect(page.getByTestId('study-validation')).toHaveCount(0);
  await page.getByTestId('study-seeds').fill('0');

  // Runs: a comparison, then one that fails (a run deleted meanwhile): the old comparison goes.
  const spec = (name: string) => ({
    name,
    data: { train: { path: (imported as { value: { path: string } }).value.path, format: 'sst2' }, test: { path: (imported as { value: { path: string } }).value.path, format: 'sst2', sample: 6, seed: 0 } },
    task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels: { '0': ['Negative'], '1': ['Positive'] } },
    shots: 1,
    seeds: [0],
    calibration: ['none'],
  });
  const ids: string[] = [];
  for (const name of ['one', 'two', 'three']) {
    const started = await api<{ runId: string }>('studies.start', { spec: spec(name) });
    if (started.ok) ids.push(started.value.runId);
    await expect.poll(async () => ((await api<{ runId: string; status: string }[]>('runs.list', {})) as { value: { runId: string; status: string }[] }).value.find((r) => r.runId === ids.at(-1))?.status, { timeout: 120_000 }).toBe('done');
  }
  await page.getByTestId('nav-runs').click();
  for (const id of ids) await page.getByTestId('runs-table').locator(`tr[data-run-id="${id}"]`).getByRole('checkbox').check();
  await page.getByTestId('runs-compare').click();
  await expect(page.getByTestId('runs-comparison')).toBeVisible();
  expect((await api('runs.delete', { runId: ids[2] })).ok).toBe(true);
  await page.getByTestId('runs-compare').click();
  await expect(page.getByText(`run ${ids[2]}: no such run`)).toBeVisible();
  await expect(page.getByTestId('runs-comparison')).toHaveCount(0);
});

test('a learning curve started from the UI runs, shows its progress and is stored; bad input is refused in the form\'s words', async ({ workbench: page, api, home }) => {
  test.setTimeout(300_000);
  const imported = await api<{ path: string }>('datasets.import', { path: tinyDataset(home), format: 'sst2', name: 'tiny' });
  expect(imported.ok).toBe(true);
  await page.getByTestId('nav-finetune').click();
  const form = page.getByTestId('finetune-form');
  await expect(form).toBeVisible();
  await form.getByTestId('finetune-name').fill('ui learning curve');
  await form.getByTestId('finetune-test-sample').fill('10');
  await form.getByTestId('finetune-budgets').fill('2, x');
  await form.getByTestId('finetune-start').click();
  await expect(form.getByTestId('finetune-start-error')).toHaveText('Budgets: "x" is not a whole number of at least 1');
  await form.getByTestId('finetune-budgets').fill('2, 4');
  await form.getByTestId('finetune-seeds').fill('0');
  for (const m of ['calibration-diagonal', 'prompt']) await form.getByTestId(`finetune-method-${m}`).uncheck();
  await form.getByTestId('finetune-start').click();
  const progress = form.getByTestId('finetune-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-state', 'done', { timeout: 240_000 });
  await expect(page.getByTestId('finetune-runs')).toContainText('ui learning curve');
  const listed = await api<{ name: string; status: string; conditions: number }[]>('finetune.list', {});
  expect(listed.ok && listed.value.map((r) => [r.name, r.status, r.conditions])).toEqual([['ui learning curve', 'done', 2]]);
  await expect(page.getByTestId('finetune-chart').locator('canvas').first()).toBeVisible();
  await saveScreenshot(page, 'trust-8-finetune');
});
