/**
 * One page of rows, with pin and exclude toggles. The backend pages and filters, so the table
 * holds 50 rows whether the dataset has 70 or 70,000.
 */
import type { ReactNode } from 'react';
import type { DatasetRow } from './dataset-types.ts';

export interface RowsTableProps {
  rows: readonly DatasetRow[];
  pinned: readonly string[];
  excluded: readonly string[];
  demonstrationIds: ReadonlySet<string>;
  search: string;
  onTogglePinned: (id: string) => void;
  onToggleExcluded: (id: string) => void;
}

/** The text with each case-insensitive match of `search` in <mark>. */
function Highlighted({ text, search }: { text: string; search: string }) {
  if (!search) return <>{text}</>;
  const parts: ReactNode[] = [];
  const lower = text.toLowerCase();
  const needle = search.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(needle); i !== -1; i = lower.indexOf(needle, at)) {
    parts.push(text.slice(at, i), <mark key={i}>{text.slice(i, i + needle.length)}</mark>);
    at = i + needle.length;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

export function RowsTable({ rows, pinned, excluded, demonstrationIds, search, onTogglePinned, onToggleExcluded }: RowsTableProps) {
  return (
    <table className="data ps-rows" data-testid="rows-table">
      <thead>
        <tr>
          <th style={{ width: 64 }}>line</th>
          <th style={{ width: 72 }}>label</th>
          <th>text</th>
          <th style={{ width: 150 }} />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const isPinned = pinned.includes(row.id);
          const isExcluded = excluded.includes(row.id);
          return (
            <tr key={row.id} className={isExcluded ? 'ps-row--excluded' : demonstrationIds.has(row.id) ? 'selected' : undefined} data-row-id={row.id}>
              <td className="muted">{row.line}</td>
              <td>
                <span className="badge">{row.label}</span>
              </td>
              <td className="ps-rows__text">
                <Highlighted text={row.text} search={search} />
              </td>
              <td className="ps-rows__actions">
                <button className="btn btn-small" aria-pressed={isPinned} onClick={() => onTogglePinned(row.id)} title="Always use as a demonstration">
                  {isPinned ? 'Pinned' : 'Pin'}
                </button>
                <button className="btn btn-small" aria-pressed={isExcluded} onClick={() => onToggleExcluded(row.id)} title="Never draw as a demonstration">
                  {isExcluded ? 'Excluded' : 'Exclude'}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
