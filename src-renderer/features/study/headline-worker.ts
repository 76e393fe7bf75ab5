/// <reference lib="webworker" />
/**
 * Computes the statistical headline off the main thread: the bootstrap resamples every
 * condition thousands of times, which for a large study (tens of thousands of orders) would block
 * the page for seconds.
 */
import { studyHeadline, type ConditionAccuracy } from '../../../src-shared/stats/study-headline.ts';

export interface HeadlineRequest {
  id: number;
  conditions: ConditionAccuracy[];
  methods: string[];
  classes: string[];
  goldShares: Record<string, number>;
}

self.onmessage = (event: MessageEvent<HeadlineRequest>) => {
  const { id, conditions, methods, classes, goldShares } = event.data;
  const headline = studyHeadline(conditions, methods, classes, goldShares);
  self.postMessage({ id, headline });
};
