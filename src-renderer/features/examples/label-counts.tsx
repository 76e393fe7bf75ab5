/** Rows per class as horizontal bars: a skewed dataset is visible before any study runs. */
import { seriesColor } from '../study/charts/palette.ts';

export function LabelCounts({ labels, onFilter, active }: { labels: Record<string, number>; onFilter: (label: string | null) => void; active: string | null }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  const total = entries.reduce((s, [, n]) => s + n, 0);
  return (
    <div className="ps-label-counts" data-testid="label-counts">
      {entries.map(([label, count], i) => (
        <button
          key={label}
          className="ps-label-count"
          aria-pressed={active === label}
          onClick={() => onFilter(active === label ? null : label)}
          title={active === label ? 'Show every label' : `Show only label ${label}`}
        >
          <span className="ps-label-count__name">{label}</span>
          <span className="ps-label-count__track">
            <span className="ps-label-count__bar" style={{ width: `${(100 * count) / Math.max(1, total)}%`, background: seriesColor(i) }} />
          </span>
          <span className="ps-label-count__n">
            {count.toLocaleString()} <span className="muted">({((100 * count) / Math.max(1, total)).toFixed(1)}%)</span>
          </span>
        </button>
      ))}
    </div>
  );
}
