import { expect, LONG_PROMPT, saveScreenshot, test, useLongContextModel } from './fixtures/workbench.ts';

/** How many pixels of a canvas are not white: a drawn canvas has many, a blank one none. */
async function inkedPixels(canvas: import('@playwright/test').Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) inked++;
    return inked;
  });
}

test('Models view shows the model, its provider, and explains bad folders and offline downloads', async ({ workbench, model, home }) => {
  const page = workbench;
  await expect(page.getByTestId('models-table')).toContainText(model);
  await expect(page.getByTestId('active-provider')).toHaveText(/^cpu/);
  await expect(page.getByTestId('model-details')).toContainText('layers');

  // A folder the server may read (its --data-dir) that is not a model: the validation names the missing file.
  await page.locator('input[name="dir"]').fill(home);
  await page.getByRole('button', { name: 'Add folder' }).click();
  await expect(page.getByTestId('add-model-error')).toContainText(/config\.json|tokenizer\.json|model\.onnx/);
  // A folder outside the server's --data-dir folders is refused before anything reads it.
  await page.locator('input[name="dir"]').fill('e2e');
  await page.getByRole('button', { name: 'Add folder' }).click();
  await expect(page.getByTestId('add-model-error')).toContainText('outside the folders this session may read');

  // This machine cannot reach the Hub: the form says so plainly instead of hanging.
  await page.getByTestId('hub-download-form').getByRole('button', { name: 'Download' }).click();
  await expect(page.getByTestId('hub-download-error')).toContainText(/offline|cannot reach/i, { timeout: 60_000 });
  await saveScreenshot(page, 'models-view');
});

test('Tokens view shows the next-token distribution and streams a generation', async ({ workbench }) => {
  const page = workbench;
  await page.getByTestId('nav-tokens').click();
  await page.getByTestId('tokens-prompt').fill('Review: a gorgeous, witty, seductive movie.\nSentiment:');
  await page.getByTestId('predict-next').click();
  await expect(page.getByTestId('next-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('top-token')).not.toBeEmpty();

  await page.getByTestId('temperature').fill('0.9');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate')).toHaveText('Generate', { timeout: 120_000 });
  await expect(page.getByTestId('generated').locator('.tok').first()).toBeVisible();
  await saveScreenshot(page, 'tokens-view');
});

test('Attention view draws the head view, the matrices and the mass per span', async ({ workbench }) => {
  const page = workbench;
  await page.getByTestId('nav-attention').click();
  await page.getByTestId('attention-compute').click();
  await expect(page.getByTestId('attention-shape')).toContainText('tokens');
  await expect(page.getByTestId('head-view-canvas')).toBeVisible();
  expect(await inkedPixels(page.getByTestId('head-view-canvas'))).toBeGreaterThan(1000);
  expect(await inkedPixels(page.getByTestId('heat-map-canvas'))).toBeGreaterThan(1000);
  // Three demonstrations' worth of spans: two demonstrations, their labels, the query.
  await expect(page.getByTestId('attention-mass')).toContainText('Attention mass per demonstration');
  await saveScreenshot(page, 'attention-view');

  // The overview holds every layer and head; clicking one opens it in the head view and the matrix.
  await expect(page.getByTestId('layer-head-canvas')).toBeVisible();
  expect(await inkedPixels(page.getByTestId('layer-head-canvas'))).toBeGreaterThan(1000);
  await page.getByTestId('layer-head-canvas').click({ position: { x: 56 + 72 + 30, y: 20 + 30 } });
  await expect(page.getByTestId('heat-map')).toContainText('Layer 0 · head 1');

  // Another layer is fetched on demand.
  const layers = await page.getByTestId('attention-layer').locator('option').count();
  if (layers > 1) {
    await page.getByTestId('attention-layer').selectOption(String(layers - 1));
    await expect(page.getByTestId('head-view')).toContainText(`layer ${layers - 1}`);
  }
});

test('Attention heat map stays usable at 1,000 tokens', async ({ workbench, api, home }) => {
  const page = workbench;
  await useLongContextModel(page, api, home);

  await page.getByTestId('nav-attention').click();
  await page.getByTestId('attention-prompt').fill(LONG_PROMPT);
  await page.getByTestId('attention-compute').click();
  await expect(page.getByTestId('attention-shape')).toContainText(/\d{3,4} tokens/, { timeout: 180_000 });
  const tokens = Number(/(\d+) tokens/.exec((await page.getByTestId('attention-shape').textContent()) ?? '')?.[1]);
  expect(tokens).toBeGreaterThanOrEqual(1000);
  await expect(page.getByTestId('heat-map-canvas')).toBeVisible();
  expect(await inkedPixels(page.getByTestId('heat-map-canvas'))).toBeGreaterThan(1000);
  // The page still answers: the hover read-out follows the mouse over the matrix.
  await page.getByTestId('heat-map-canvas').hover({ position: { x: 150, y: 400 } });
  await expect(page.getByTestId('heat-map')).toContainText('→ key');
  await saveScreenshot(page, 'attention-1000-tokens');
});
