import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelInfo } from '../engine/protocol.ts';
import { FeatureCache, FeatureCacheError, textHash } from './feature-cache.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-featcache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const model = (sha256: string): ModelInfo => ({ modelId: 'm1', name: 'tiny', dir: path.join(dir, 'model'), sha256 } as ModelInfo);

describe('FeatureCache', () => {
  it('round-trips float32 rows with their ids and text hashes', () => {
    const cache = new FeatureCache(path.join(dir, 'a'));
    const file = cache.filePath('abc', 'template', 'last');
    const rows = new Map([
      ['x:1', { textHash: textHash('one'), vector: Float32Array.from([1.5, -2, 3]) }],
      ['x:2', { textHash: textHash('two'), vector: Float32Array.from([0.25, 0, -1e-3]) }],
    ]);
    cache.write(file, { dim: 3, rows });
    const read = cache.read(file)!;
    expect(read.dim).toBe(3);
    expect([...read.rows.keys()]).toEqual(['x:1', 'x:2']);
    expect(Array.from(read.rows.get('x:2')!.vector)).toEqual(Array.from(Float32Array.from([0.25, 0, -1e-3])));
    expect(read.rows.get('x:1')!.textHash).toBe(textHash('one'));
    // Different template or pooling: a different file.
    expect(cache.filePath('abc', 'template', 'mean')).not.toBe(file);
    expect(cache.filePath('abc', 'other', 'last')).not.toBe(file);
  });

  it('refuses a truncated file with a message naming it', () => {
    const cache = new FeatureCache(path.join(dir, 'b'));
    const file = cache.filePath('abc', 't', 'last');
    cache.write(file, { dim: 2, rows: new Map([['a', { textHash: 'h', vector: Float32Array.from([1, 2]) }]]) });
    fs.truncateSync(file, fs.statSync(file).size - 4);
    expect(() => cache.read(file)).toThrow(FeatureCacheError);
    expect(() => cache.read(file)).toThrow(/truncated feature cache/);
  });

  it('remembers the hash a model folder had and reports when it changed', () => {
    const cache = new FeatureCache(path.join(dir, 'c'));
    expect(cache.changedModel(model('aaa'))).toBeUndefined();
    cache.rememberModel(model('aaa'));
    expect(cache.changedModel(model('aaa'))).toBeUndefined();
    expect(cache.changedModel(model('bbb'))).toEqual({ cachedSha256: 'aaa' });
  });
});
