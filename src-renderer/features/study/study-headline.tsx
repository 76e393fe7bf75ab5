/**
 * The statistical headline of a run: per method the mean accuracy with its 95% interval, the
 * spread split into demonstration sets and orders, the calibration gain paired by condition, the
 * chance and majority-class baselines, and the best and worst orders named by their labels. Every
 * term explains itself on hover, with its source.
 */
import { useEffect, useState } from 'react';
import type { ConditionResult } from '../../../src-shared/api/runs.ts';
import type { StudyHeadline } from '../../../src-shared/stats/study-headline.ts';
import HeadlineWorker from './headline-worker.ts?worker';
import type { HeadlineRequest } from './headline-worker.ts';
import type { ConditionRef } from './condition-slice.ts';

const DEFINITIONS = {
  interval:
    '95% percentile bootstrap interval of the mean accuracy over (seed, order) conditions, resampling demonstration sets and then orders within each set (2,000 resamples; Efron & Tibshirani 1993; clustered bootstrap, Field & Welsh 2007). It reflects the variation across demonstrations and orders, not across test sets.',
  acrossSets: 'Standard deviation of the per-seed mean accuracies: how much WHICH demonstrations were drawn matters (Zhao et al. 2021).',
  withinSet: 'Root of the mean variance over orders within each demonstration set: how much the ORDER of the same demonstrations matters (Lu et al. 2022).',
  gain: 'Accuracy with this calibration minus without it, paired by (seed, order) condition, with a 95% clustered bootstrap interval. An interval above 0 is a gain on every resample of the design (Zhao et al. 2021 report gains per condition).',
  chance: '1/C for C classes: the accuracy of guessing uniformly at random.',
  majority: 'The accuracy of always answering the most frequent gold class of this test sample. A model at this rate may only have learnt to say that class.',
  best: 'The (seed, order) conditions with the highest and lowest accuracy, named by the labels of their demonstrations in prompt order (Lu et al. 2022, "fantastically ordered prompts").',
};

let nextRequest = 1;

function useHeadline(conditions: readonly ConditionResult[], methods: readonly string[], classes: readonly string[], goldShares: Record<string, number>): StudyHeadline | null {
  const [headline, setHeadline] = useState<StudyHeadline | null>(null);
  useEffect(() => {
    setHeadline(null);
    const worker = new HeadlineWorker();
    const id = nextRequest++;
    worker.onmessage = (event: MessageEvent<{ id: number; headline: StudyHeadline }>) => {
      if (event.data.id === id) setHeadline(event.data.headline);
      worker.terminate();
    };
    const request: HeadlineRequest = {
      id,
      conditions: conditions.map((c) => ({ seed: c.seed, orderIndex: c.orderIndex, ...(c.cell ? { cell: c.cell } : {}), method: c.method, accuracy: c.accuracy })),
      methods: [...methods],
      classes: [...classes],
      goldShares,
    };
    worker.postMessage(request);
    return () => worker.terminate();
  }, [conditions, methods, classes, goldShares]);
  return headline;
}

const pts = (v: number) => `${(v * 100).toFixed(1)}`;
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;

export interface StudyHeadlineProps {
  conditions: readonly ConditionResult[];
  methods: readonly string[];
  classes: readonly string[];
  goldShares: Record<string, number>;
  labelWord: (label: string) => string;
  orderName: (ref: ConditionRef) => string;
  onOpen: (ref: ConditionRef) => void;
}

export function StudyHeadlineCard({ conditions, methods, classes, goldShares, labelWord, orderName, onOpen }: StudyHeadlineProps) {
  const h = useHeadline(conditions, methods, classes, goldShares);
  if (!h) return <p className="muted ps-small">Computing intervals…</p>;
  const none = h.methods.find((m) => m.method === 'none');
  const atMajority = none && h.majority && h.majority.rate > h.chance && none.mean.low <= h.majority.rate && h.majority.rate <= none.mean.high;
  return (
    <div className="stack" data-testid="study-headline">
      <div className="ps-headline">
        {h.methods.map((m) => (
          <div key={m.method} className="ps-headline__item" data-testid={`headline-${m.method}`}>
            <div>
              <b>{m.method}</b> mean <b>{pts(m.mean.estimate)}%</b>{' '}
              <span title={DEFINITIONS.interval} data-testid={`headline-ci-${m.method}`}>
                [{pts(m.mean.low)}, {pts(m.mean.high)}]
              </span>
            </div>
            <div className="muted">
              spread:{' '}
              <span title={DEFINITIONS.acrossSets}>{m.spread.sets > 1 ? `across demo sets ±${pts(m.spread.acrossSetsStd)}` : 'across demo sets: n/a (one seed)'}</span> ·{' '}
              <span title={DEFINITIONS.withinSet}>across orders within a set ±{pts(m.spread.withinSetStd)}</span> pts
            </div>
            {m.gainOverNone ? (
              <div>
                <span title={DEFINITIONS.gain}>gain over none</span>{' '}
                <b data-testid={`headline-gain-${m.method}`}>
                  {signed(m.gainOverNone.estimate)} pts [{signed(m.gainOverNone.low)}, {signed(m.gainOverNone.high)}]
                </b>
              </div>
            ) : null}
            <div className="ps-small">
              <span title={DEFINITIONS.best}>best</span>{' '}
              <button className="btn btn-small" onClick={() => onOpen(m.best)} data-testid={`headline-best-${m.method}`}>
                {orderName(m.best)} ({pts(m.best.accuracy)}%)
              </button>{' '}
              <span title={DEFINITIONS.best}>worst</span>{' '}
              <button className="btn btn-small" onClick={() => onOpen(m.worst)} data-testid={`headline-worst-${m.method}`}>
                {orderName(m.worst)} ({pts(m.worst.accuracy)}%)
              </button>
            </div>
          </div>
        ))}
      </div>
      <p className="muted ps-small" data-testid="headline-baselines">
        <span title={DEFINITIONS.chance}>chance 1/C = {pts(h.chance)}%</span>
        {h.majority ? (
          <>
            {' · '}
            <span title={DEFINITIONS.majority}>
              majority class ("{labelWord(h.majority.label)}") = {pts(h.majority.rate)}%
            </span>
          </>
        ) : null}
        {atMajority ? <b className="ps-warn-text"> · the uncalibrated mean is indistinguishable from always answering "{labelWord(h.majority!.label)}"</b> : null}
      </p>
    </div>
  );
}
