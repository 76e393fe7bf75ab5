/**
 * The recency chart and attention by demonstration position, side by side and linked: the
 * recency chart asks how often the prediction copies the LAST demonstration's label, the
 * attention card how much of the answer position's attention each demonstration gets. Pointing
 * at the recency chart (all of it is about the last position) emphasises the last demonstration's
 * row in the attention card; pointing at that row emphasises the recency bars. The shared state is this component's: which position is pointed at, from which side.
 */
import { useMemo, useState } from 'react';
import { ChartCard, type ChartHighlight } from '../../components/chart-card.tsx';
import type { ChartOption } from './charts/echarts-setup.ts';
import { StudyAttentionCard } from './study-attention-card.tsx';

const LINK_COLOR = '#f0b429';

export interface RecencyAttentionProps {
  runId: string;
  recency: ChartOption;
  /** Bars in the recency chart (one per calibration method). */
  recencyBars: number;
  conditions: number;
  examples: number;
}

export function RecencyAttention({ runId, recency, recencyBars, conditions, examples }: RecencyAttentionProps) {
  // The recency chart is about one position, the last; the attention card has every position.
  const [pointed, setPointed] = useState<{ from: 'recency' | 'attention'; position: number | 'last' } | null>(null);
  const highlight = useMemo<ChartHighlight | null>(
    () => (pointed?.from === 'attention' && pointed.position === 'last' ? { seriesIndex: 0, dataIndex: Array.from({ length: recencyBars }, (_, i) => i) } : null),
    [pointed, recencyBars],
  );
  // A pointed-at bar is drawn with the same amber as the attention row it stands for.
  const option = useMemo(
    () => ({ ...recency, series: ((recency.series ?? []) as object[]).map((series) => ({ ...series, emphasis: { itemStyle: { borderColor: LINK_COLOR, borderWidth: 3 } } })) }),
    [recency],
  );
  const linkedFromAttention = pointed?.from === 'attention' && pointed.position === 'last';
  return (
    <div className="ps-chart-grid" data-testid="recency-attention" data-pointed={pointed ? `${pointed.from}:${pointed.position}` : undefined}>
      <div className={`ps-linked-host${linkedFromAttention ? ' ps-linked' : ''}`} onMouseEnter={() => setPointed({ from: 'recency', position: 'last' })} onMouseLeave={() => setPointed(null)}>
        <ChartCard title="Recency bias" option={option} testId="chart-recency" highlight={highlight}>
          <p className="muted ps-chart-note">
            How often the prediction equals the last demonstration&apos;s label; point here to find the last demonstration in the attention beside it, or at that row to find these bars.
          </p>
        </ChartCard>
      </div>
      <StudyAttentionCard
        runId={runId}
        conditions={conditions}
        examples={examples}
        linkedPosition={pointed?.from === 'recency' ? pointed.position : null}
        onHoverPosition={(position, last) => setPointed(position === null ? null : { from: 'attention', position: last ? 'last' : position })}
      />
    </div>
  );
}
