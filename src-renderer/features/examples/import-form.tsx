/**
 * Import a dataset: a path the backend can read (typed), or a file chosen in the page (its text
 * is sent; works in the browser and in Electron's file dialog alike), with the format and, for
 * CSV/TSV/JSONL, which columns hold the text and the label.
 */
import { pathChooser } from '../../api/choose-path.ts';
import { useState } from 'react';
import { ErrorBox } from '../../components/error-box.tsx';
import type { ApiError } from '../../../src-shared/api/result.ts';
import { DATASET_FORMATS } from '../../../src-shared/experiments/dataset-types.ts';
import type { DatasetColumns, DatasetFormat } from './dataset-types.ts';
import type { ImportSource } from './examples-slice.ts';

export interface ImportFormProps {
  importing: boolean;
  error: ApiError | null;
  onImport: (source: ImportSource, format: DatasetFormat, columns?: DatasetColumns, name?: string) => Promise<boolean>;
}

/** A name for every format of the shared list (a new format fails to compile until it has one). */
const FORMAT_NAMES: Record<DatasetFormat, string> = {
  sst2: 'SST-2 (label digit, space, text)',
  csv: 'CSV',
  tsv: 'TSV',
  jsonl: 'JSON Lines',
  trec: 'TREC (LABEL:fine text)',
  superglue: 'SuperGLUE JSONL (premise, hypothesis)',
};
const FORMATS = DATASET_FORMATS.map((value) => ({ value, label: FORMAT_NAMES[value] }));

/** Guesses the format from a file name (stsa.binary.train -> sst2). */
export function guessFormat(fileName: string): DatasetFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.tsv')) return 'tsv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.json')) return 'jsonl';
  if (/stsa|sst/.test(lower)) return 'sst2';
  return null;
}

export function ImportForm({ importing, error, onImport }: ImportFormProps) {
  const [path, setPath] = useState('');
  const choosePath = pathChooser();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<DatasetFormat>('sst2');
  const [textColumn, setTextColumn] = useState('text');
  const [labelColumn, setLabelColumn] = useState('label');
  const [name, setName] = useState('');

  const needsColumns = format !== 'sst2';
  const canImport = !importing && (path.trim().length > 0 || file !== null);

  const submit = async () => {
    const columns = needsColumns ? { text: textColumn.trim(), label: labelColumn.trim() } : undefined;
    const source: ImportSource = file ? { kind: 'text', text: await file.text(), fileName: file.name } : { kind: 'path', path: path.trim() };
    const done = await onImport(source, format, columns, name.trim() || undefined);
    if (done) {
      setPath('');
      setFile(null);
      setName('');
    }
  };

  return (
    <section className="card stack" data-testid="dataset-import">
      <h2>Import a dataset</h2>
      <div className="ps-import-grid">
        <label className="field">
          File path (read by the backend)
          <input
            type="text"
            placeholder="e.g. data/sst2/stsa.binary.train"
            value={path}
            disabled={file !== null}
            onChange={(e) => {
              setPath(e.target.value);
              const guess = guessFormat(e.target.value);
              if (guess) setFormat(guess);
            }}
            data-testid="import-path"
          />
          {choosePath ? (
            <button
              className="btn"
              type="button"
              disabled={file !== null}
              onClick={() =>
                void choosePath('file').then((chosen) => {
                  if (!chosen) return;
                  setPath(chosen);
                  const guess = guessFormat(chosen);
                  if (guess) setFormat(guess);
                })
              }
            >
              Choose a file…
            </button>
          ) : null}
        </label>
        <label className="field">
          …or choose a file
          <input
            type="file"
            accept=".train,.dev,.test,.txt,.csv,.tsv,.jsonl,.json"
            onChange={(e) => {
              const chosen = e.target.files?.[0] ?? null;
              setFile(chosen);
              const guess = chosen ? guessFormat(chosen.name) : null;
              if (guess) setFormat(guess);
            }}
            data-testid="import-file"
          />
        </label>
        <label className="field">
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value as DatasetFormat)} data-testid="import-format">
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {needsColumns ? (
          <>
            <label className="field">
              Text column
              <input type="text" value={textColumn} onChange={(e) => setTextColumn(e.target.value)} data-testid="import-text-column" />
            </label>
            <label className="field">
              Label column
              <input type="text" value={labelColumn} onChange={(e) => setLabelColumn(e.target.value)} data-testid="import-label-column" />
            </label>
          </>
        ) : null}
        <label className="field">
          Name (optional)
          <input type="text" value={name} placeholder="from the file name" onChange={(e) => setName(e.target.value)} data-testid="import-name" />
        </label>
      </div>
      <div className="row">
        <button className="btn btn-primary" disabled={!canImport} onClick={() => void submit()} data-testid="import-submit">
          {importing ? 'Importing…' : 'Import'}
        </button>
        {file ? (
          <button className="btn btn-small" onClick={() => setFile(null)}>
            Clear chosen file
          </button>
        ) : null}
      </div>
      <ErrorBox error={error} testId="import-error" />
    </section>
  );
}
