import type { Database } from 'better-sqlite3';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';
import { prepareStudy } from '../../src-main/experiments/prepare-study.ts';
import type { StudyEngine } from '../../src-main/experiments/study-engine.ts';
import { createStudyRun, executePreparedRun } from '../../src-main/experiments/study-runner.ts';
import type { StudySummary } from '../../src-main/experiments/summary.ts';

/**
 * A study from start to finish the way `promptscope run` and `studies.start` do it: prepare
 * (every check before anything is stored), store the plan, score.
 */
export async function runStudy(spec: ExperimentSpec, options: { db: Database; engine: StudyEngine }): Promise<{ runId: string; summary: StudySummary; warnings: string[] }> {
  const prepared = await prepareStudy(spec, options.engine);
  const runId = createStudyRun(options.db, prepared);
  const summary = await executePreparedRun(runId, prepared, options);
  return { runId, summary, warnings: prepared.warnings };
}
