import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetFormat, DatasetSummary } from '../../src-shared/api/datasets.ts';
import { loadDataset } from '../experiments/datasets/load-dataset.ts';
import type { ColumnMapping, DatasetRow } from '../experiments/datasets/types.ts';

interface StoredDataset extends DatasetSummary {
  columns?: Partial<ColumnMapping>;
}

/**
 * Imported datasets: a copy of each file under `<home>/datasets/<id>/` with its original name (so
 * row ids stay `<file name>:<line>`), and an index written atomically.
 *
 * A file is parsed before anything is kept; a bad file leaves the store as it was. Experiment
 * specs built in the UI name the stored copy's path, so studies read exactly what was imported.
 */
export class DatasetStore {
  private readonly rowsCache = new Map<string, DatasetRow[]>();

  constructor(private readonly root: string) {}

  list(): DatasetSummary[] {
    return this.readIndex();
  }

  get(datasetId: string): StoredDataset | undefined {
    return this.readIndex().find((d) => d.datasetId === datasetId);
  }

  import(source: { path?: string; text?: string; fileName?: string }, format: DatasetFormat, columns: Partial<ColumnMapping> | undefined, name: string | undefined): DatasetSummary {
    const fileName = path.basename(source.fileName ?? source.path ?? 'data');
    const datasetId = crypto.randomUUID().slice(0, 8);
    const dir = path.join(this.root, datasetId);
    const target = path.join(dir, fileName);
    fs.mkdirSync(dir, { recursive: true });
    try {
      if (source.text !== undefined) fs.writeFileSync(target, source.text);
      else fs.copyFileSync(source.path!, target);
      const rows = loadDataset({ path: target, format, columns }, { fileLabel: source.path ?? fileName });
      const labels: Record<string, number> = {};
      for (const row of rows) labels[row.label] = (labels[row.label] ?? 0) + 1;
      const fields = [...new Set(rows.flatMap((r) => Object.keys(r.fields)))];
      const summary: StoredDataset = { datasetId, name: name ?? fileName, format, path: target, rows: rows.length, labels, fields, importedAt: new Date().toISOString(), ...(columns ? { columns } : {}) };
      this.writeIndex([...this.readIndex(), summary]);
      this.rowsCache.set(datasetId, rows);
      return summary;
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && source.path) throw Object.assign(new Error(`${source.path}: file not found`), { code: 'DATASET_FILE' });
      throw error;
    }
  }

  remove(datasetId: string): boolean {
    const index = this.readIndex();
    if (!index.some((d) => d.datasetId === datasetId)) return false;
    this.writeIndex(index.filter((d) => d.datasetId !== datasetId));
    fs.rmSync(path.join(this.root, datasetId), { recursive: true, force: true });
    this.rowsCache.delete(datasetId);
    return true;
  }

  rows(datasetId: string): DatasetRow[] | undefined {
    const cached = this.rowsCache.get(datasetId);
    if (cached) return cached;
    const d = this.get(datasetId);
    if (!d) return undefined;
    const rows = loadDataset({ path: d.path, format: d.format, columns: d.columns }, { fileLabel: d.name });
    this.rowsCache.set(datasetId, rows);
    return rows;
  }

  private indexFile(): string {
    return path.join(this.root, 'index.json');
  }

  private readIndex(): StoredDataset[] {
    const file = this.indexFile();
    if (!fs.existsSync(file)) return [];
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { datasets: StoredDataset[] }).datasets;
  }

  private writeIndex(datasets: StoredDataset[]): void {
    fs.mkdirSync(this.root, { recursive: true });
    const temp = `${this.indexFile()}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify({ datasets }, null, 2)}\n`);
    fs.renameSync(temp, this.indexFile());
  }
}
