import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './fixtures/serve-process.ts';
import { expect, saveScreenshot, test } from './fixtures/workbench.ts';

/**
 * Encoders in the workbench: a synthetic BERT registered over the API, then the fill-mask view
 * (top-k at two masks, the masked-LM probe with its accuracy) and the attention view with
 * [CLS]/[SEP] marked and full (bidirectional) rows. Screenshots go to e2e-artifacts/.
 */
test('Fill-mask view and BERT attention on a synthetic BERT', async ({ page, server, home, api }) => {
  const dir = path.join(home, 'tiny-bert');
  const made = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'promptscope.js'), 'models', 'synth', '--arch', 'bert', '--out', dir, '--layers', '2', '--hidden', '32', '--heads', '4', '--vocab', '3000', '--ctx', '128'], { encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  const added = await api('models.add', { dir, name: 'tiny-bert' });
  expect(added.ok).toBe(true);

  await page.goto(server.url);
  await expect(page.getByTestId('connection-status')).toContainText('browser mode', { timeout: 60_000 });
  await page.getByTestId('models-table').locator('tr', { hasText: 'tiny-bert' }).getByRole('button', { name: 'Use' }).click();
  await expect(page.getByTestId('model-details')).toContainText('bert', { timeout: 120_000 });

  await page.getByTestId('nav-fill-mask').click();
  await page.getByTestId('fill-text').fill('the film was [MASK] and the acting was [MASK].');
  await page.getByTestId('fill-compute').click();
  await expect(page.getByTestId('fill-mask-card')).toHaveCount(2);
  await expect(page.getByTestId('fill-mask-card').first().locator('tbody tr')).toHaveCount(10);
  await expect(page.getByTestId('fill-filled')).toContainText('the film was');
  await page.getByTestId('probe-seed').fill('3');
  await page.getByTestId('probe-run').click();
  await expect(page.getByTestId('probe-accuracy')).toContainText(/accuracy \d+\.\d%/);
  await expect(page.getByTestId('probe-table').locator('tbody tr').first()).toBeVisible();
  await saveScreenshot(page, 'fill-mask-view');

  await page.getByTestId('nav-attention').click();
  await page.getByTestId('attention-prompt').fill('the acting is superb and the story moving. it was [MASK].');
  await page.getByTestId('attention-compute').click();
  await expect(page.getByTestId('attention-shape')).toContainText('2 layers · 4 heads');
  await expect(page.getByTestId('encoder-tokens')).toContainText('bidirectional');
  await expect(page.getByTestId('special-token')).toHaveCount(2);
  await expect(page.getByTestId('heat-map')).toContainText('full square');
  // The mass is read from the row where the encoder predicts: the mask, not the final [SEP].
  await expect(page.getByTestId('attention-mass')).toContainText("the [MASK] (position 14) token's attention");
  await saveScreenshot(page, 'bert-attention');
});
