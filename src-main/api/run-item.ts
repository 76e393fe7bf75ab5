import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { RunListItem } from '../../src-shared/api/runs.ts';
import type { StudySummary } from '../experiments/summary.ts';
import { allRunTags, testExampleCounts } from '../storage/run-labels.ts';
import type { RunRecord } from '../storage/run-queries.ts';

/** The parts of a stored spec a runs table shows; old or foreign specs may lack any of them. */
interface SpecView {
  data?: { train?: { path?: string }; test?: { path?: string } };
  task?: { template?: string };
  shots?: number;
}

/** Per-run extras read in one query each for a whole list. */
export function runExtras(db: Database): { tags: Map<string, string[]>; tests: Map<string, number> } {
  return { tags: allRunTags(db), tests: testExampleCounts(db) };
}

/** A run as the runs table lists it: described by its own spec, its stored error as the reason. */
export function runItem(run: RunRecord, summary: StudySummary | null, extras: ReturnType<typeof runExtras>): RunListItem {
  const meanAccuracy: Record<string, number> = {};
  if (summary) for (const [method, stats] of Object.entries(summary.aggregate)) meanAccuracy[method] = stats.mean;
  const spec = (run.spec ?? {}) as SpecView;
  const file = (p: string | undefined) => (p ? path.basename(p) : '');
  return {
    runId: run.id,
    name: run.name,
    model: run.modelName,
    status: run.status,
    createdAt: run.createdAt,
    meanAccuracy,
    trainData: file(spec.data?.train?.path),
    testData: file(spec.data?.test?.path),
    shots: typeof spec.shots === 'number' ? spec.shots : null,
    template: spec.task?.template ?? '',
    testExamples: extras.tests.get(run.id) ?? 0,
    reason: run.error,
    tags: extras.tags.get(run.id) ?? [],
  };
}
