import { sampleDataFile } from '../test/support/sample-data.ts';
import { expect, saveScreenshot, test } from './fixtures/workbench.ts';

/**
 * Inside the model, in the Study view of a stored run on the embedded default model: the label lens
 * (best vs worst order, clean vs flipped labels), the head-ablation heat map, the label-word
 * knockout and the demonstration attribution beside the attention mass. A small study (one seed,
 * 2-shot, both orders, 12 test examples) keeps it to a minute on two shared cores.
 */
test('inside the model: lens, head ablation, knockout and attribution of a stored run', async ({ workbench: page, api, model }) => {
  test.setTimeout(600_000);
  const spec = {
    name: 'inside: 2-shot study',
    model,
    data: {
      train: { path: sampleDataFile('sst2', 'stsa.binary.train'), format: 'sst2' },
      test: { path: sampleDataFile('sst2', 'stsa.binary.test'), format: 'sst2', sample: 12, seed: 0 },
    },
    task: { instruction: '', template: 'Review: {{input}}\nSentiment: {{label}}', separator: '\n\n', labels: { '0': ['Negative'], '1': ['Positive'] } },
    shots: 4,
    seeds: [0],
    sampling: 'balanced',
    orders: { sample: 4, seed: 0 },
    calibration: ['none'],
  };
  const started = await api<{ runId: string }>('studies.start', { spec });
  expect(started.ok, JSON.stringify(started)).toBe(true);
  const runId = (started as { ok: true; value: { runId: string } }).value.runId;
  await expect.poll(async () => ((await api<{ item: { status: string } }>('runs.get', { runId })) as { ok: true; value: { item: { status: string } } }).value?.item.status, { timeout: 300_000 }).toBe('done');

  await page.getByTestId('nav-runs').click();
  await page.getByTestId('runs-table').locator(`tr[data-run-id="${runId}"] button.ps-link`).click();
  await expect(page.getByTestId('inside-panel')).toBeVisible();

  await page.getByTestId('inside-run-lensOrders').click();
  await expect(page.getByTestId('inside-lens-orders')).toContainText('best order');
  await page.getByTestId('inside-run-lensFlip').click();
  await expect(page.getByTestId('inside-lens-flip')).toContainText('labels flipped');
  await page.getByTestId('inside-run-heads').click();
  await expect(page.getByTestId('inside-heads')).toContainText('Head ablation', { timeout: 300_000 });
  await page.getByTestId('inside-run-knockout').click();
  await expect(page.getByTestId('inside-knockout')).toContainText('label-word tokens');
  await page.getByTestId('inside-run-attribute').click();
  await expect(page.getByTestId('inside-attribution-table').locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('attention-mass')).toBeVisible();
  await expect(page.getByTestId('inside-error')).toHaveCount(0);

  const panel = page.getByTestId('inside-panel');
  await panel.scrollIntoViewIfNeeded();
  await page.waitForTimeout(800);
  await panel.screenshot({ path: 'e2e-artifacts/inside-panel.png' });
  await saveScreenshot(page, 'inside-study-view');
});
