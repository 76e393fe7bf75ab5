import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ModelInfo } from '../engine/protocol.ts';

/**
 * Frozen features on disk, keyed by model SHA-256, template and example id.
 *
 * One file per (model hash, template key, pooling): a JSON header (ids, text hashes, dimension)
 * followed by the float32 rows, written to a temporary file and renamed so a crash never leaves a
 * half-written cache. Each row also records a hash of the text it was computed from, so an example
 * id whose text changed (an edited data file) is recomputed rather than served stale.
 *
 * `models.json` remembers which hash each model folder had when its features were cached; that is
 * how a model whose files changed since is detected (the hash key alone would just miss).
 */
const MAGIC = 'PSFEAT1\n';

export type CacheMode = 'use' | 'only' | 'refresh';

export interface CachedFeatures {
  dim: number;
  rows: Map<string, { textHash: string; vector: Float32Array }>;
}

export class FeatureCacheError extends Error {
  readonly code = 'FEATURE_CACHE';
  constructor(message: string) {
    super(message);
    this.name = 'FeatureCacheError';
  }
}

export function textHash(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export class FeatureCache {
  constructor(readonly root: string) {}

  /** The cache file for a model, template key and pooling. */
  filePath(modelSha256: string, templateKey: string, pooling: string): string {
    const key = crypto.createHash('sha256').update(JSON.stringify([templateKey, pooling])).digest('hex').slice(0, 24);
    return path.join(this.root, modelSha256, `${key}.feat`);
  }

  /**
   * The hash a model folder had when features were last cached for it, if it differs from now.
   *
   * Returns undefined when the folder is unknown or unchanged.
   */
  changedModel(model: ModelInfo): { cachedSha256: string } | undefined {
    const cached = this.readManifest()[path.resolve(model.dir)];
    return cached && cached !== model.sha256 ? { cachedSha256: cached } : undefined;
  }

  /** Record the model folder's current hash (after features were written for it). */
  rememberModel(model: ModelInfo): void {
    const manifest = this.readManifest();
    manifest[path.resolve(model.dir)] = model.sha256;
    this.writeAtomic(path.join(this.root, 'models.json'), Buffer.from(JSON.stringify(manifest, null, 2)));
  }

  read(file: string): CachedFeatures | undefined {
    if (!fs.existsSync(file)) return undefined;
    const bytes = fs.readFileSync(file);
    if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new FeatureCacheError(`${file}: not a feature cache file (delete it to recompute)`);
    const headerLength = bytes.readUInt32LE(MAGIC.length);
    const headerStart = MAGIC.length + 4;
    const header = JSON.parse(bytes.subarray(headerStart, headerStart + headerLength).toString('utf8')) as { dim: number; ids: string[]; textHashes: string[] };
    const dataStart = align4(headerStart + headerLength);
    const expected = dataStart + header.ids.length * header.dim * 4;
    if (bytes.length !== expected) throw new FeatureCacheError(`${file}: truncated feature cache (${bytes.length} of ${expected} bytes; delete it to recompute)`);
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + dataStart, bytes.byteOffset + expected));
    const rows = new Map<string, { textHash: string; vector: Float32Array }>();
    header.ids.forEach((id, i) => rows.set(id, { textHash: header.textHashes[i], vector: data.subarray(i * header.dim, (i + 1) * header.dim) }));
    return { dim: header.dim, rows };
  }

  write(file: string, features: CachedFeatures): void {
    const ids = [...features.rows.keys()];
    const header = Buffer.from(JSON.stringify({ dim: features.dim, ids, textHashes: ids.map((id) => features.rows.get(id)?.textHash ?? '') }), 'utf8');
    const dataStart = align4(MAGIC.length + 4 + header.length);
    const out = Buffer.alloc(dataStart + ids.length * features.dim * 4);
    out.write(MAGIC, 0, 'latin1');
    out.writeUInt32LE(header.length, MAGIC.length);
    header.copy(out, MAGIC.length + 4);
    const data = new Float32Array(out.buffer, out.byteOffset + dataStart, ids.length * features.dim);
    ids.forEach((id, i) => data.set(features.rows.get(id)?.vector ?? new Float32Array(features.dim), i * features.dim));
    this.writeAtomic(file, out);
  }

  private readManifest(): Record<string, string> {
    const file = path.join(this.root, 'models.json');
    if (!fs.existsSync(file)) return {};
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  private writeAtomic(file: string, bytes: Buffer): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
