import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHandlers, HandlerContext } from '../../src-shared/api/client.ts';
import type { ApiResult } from '../../src-shared/api/result.ts';
import { createBackend, type Backend } from './backend.ts';
import { dispatch } from './dispatch.ts';

const ctx: HandlerContext = { emit: () => {} };
const SST2 = ['1 a gorgeous , witty film', '0 a dull , lifeless script', '1 moving and funny', '0 tedious', '1 a quiet triumph', '0 nothing works'].join('\n');

/** Datasets through the real dispatch boundary, with real files in a temp application folder. */
describe('dataset handlers', () => {
  let home: string;
  let backend: Backend;
  const call = <T>(channel: string, args: unknown) => dispatch(backend.handlers as ApiHandlers, channel, args, ctx) as Promise<ApiResult<T>>;

  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-datasets-'));
    backend = createBackend({ mode: 'browser', env: { PROMPTSCOPE_HOME: home }, dataDirs: [home] });
  });
  afterAll(async () => {
    await backend.dispose();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('imports uploaded text, keeps file-based ids, browses, searches and samples', async () => {
    const imported = await call<{ datasetId: string; rows: number; labels: Record<string, number>; path: string }>('datasets.import', { text: SST2, fileName: 'mini.train', format: 'sst2' });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    expect(imported.value.rows).toBe(6);
    expect(imported.value.labels).toEqual({ '0': 3, '1': 3 });
    expect(fs.readFileSync(imported.value.path, 'utf8')).toBe(SST2);
    const id = imported.value.datasetId;

    const search = await call<{ total: number; rows: { id: string; label: string }[] }>('datasets.rows', { datasetId: id, search: 'FILM' });
    expect(search).toMatchObject({ ok: true, value: { total: 1, rows: [{ id: 'mini.train:1', label: '1' }] } });
    const negatives = await call<{ total: number }>('datasets.rows', { datasetId: id, label: '0', limit: 2 });
    expect(negatives).toMatchObject({ ok: true, value: { total: 3 } });

    const sample = await call<{ demonstrations: { id: string; label: string }[] }>('datasets.sample', { datasetId: id, shots: 4, seed: 3, sampling: 'balanced', pinned: ['mini.train:4'], excluded: ['mini.train:1'] });
    expect(sample.ok).toBe(true);
    if (!sample.ok) return;
    const ids = sample.value.demonstrations.map((d) => d.id);
    expect(ids).toHaveLength(4);
    expect(ids).toContain('mini.train:4');
    expect(ids).not.toContain('mini.train:1');
    expect(sample.value.demonstrations.filter((d) => d.label === '0')).toHaveLength(2);
    const again = await call<{ demonstrations: { id: string }[] }>('datasets.sample', { datasetId: id, shots: 4, seed: 3, sampling: 'balanced', pinned: ['mini.train:4'], excluded: ['mini.train:1'] });
    expect(again.ok && again.value.demonstrations.map((d) => d.id)).toEqual(ids);
  });

  it('rejects a malformed file with its line and keeps the store as it was', async () => {
    const before = await call<unknown[]>('datasets.list', {});
    const bad = await call('datasets.import', { text: '1 fine\n0\n', fileName: 'bad.train', format: 'sst2' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toMatch(/bad\.train:2/);
    const after = await call<unknown[]>('datasets.list', {});
    expect(after).toEqual(before);
    expect(fs.readdirSync(path.join(home, 'datasets')).filter((f) => f !== 'index.json')).toHaveLength(before.ok ? before.value.length : 0);
  });

  it('names a missing file and an unknown example id', async () => {
    const missing = await call('datasets.import', { path: path.join(home, 'nope.tsv'), format: 'tsv' });
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringContaining('nope.tsv: file not found') } });
    const list = await call<{ datasetId: string }[]>('datasets.list', {});
    const id = list.ok ? list.value[0].datasetId : '';
    const unknown = await call('datasets.sample', { datasetId: id, shots: 1, seed: 0, pinned: ['mini.train:99'] });
    expect(unknown).toMatchObject({ ok: false, error: { message: expect.stringContaining('mini.train:99') } });
  });
});
