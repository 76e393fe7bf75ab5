import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../paths.ts';
import { loadFinetuneFile } from './load-finetune-file.ts';

describe('examples/heldout-sentiment-learning-curve.yaml', () => {
  it('is a valid learning-curve file on the same data as the example order study', () => {
    const { spec } = loadFinetuneFile(path.join(appRoot, 'examples', 'heldout-sentiment-learning-curve.yaml'));
    expect(fs.existsSync(spec.data.train.path) && fs.existsSync(spec.data.test.path)).toBe(true);
    expect(path.basename(spec.data.test.path)).toBe('heldout-sentiment.test.jsonl');
    expect(spec.budgets).toEqual([4, 8, 16, 32]);
  });
});
