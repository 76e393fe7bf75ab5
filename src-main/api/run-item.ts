import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { RunListItem } from '../../src-shared/api/runs.ts';
import type { StudySummary } from '../experiments/summary.ts';
import { allRunTags, testExampleCounts } from '../storage/run-labels.ts';
import type { RunHead, RunRecord } from '../storage/run-queries.ts';

/** Per-run extras read in one query each for a whole list. */
export function runExtras(db: Database): { tags: Map<string, string[]>; tests: Map<string, number> } {
  return { tags: allRunTags(db), tests: testExampleCounts(db) };
}

/** The list view of a whole stored run (old or foreign specs may lack any of the fields shown). */
export function headOf(run: RunRecord): RunHead {
  const spec = (run.spec ?? {}) as { data?: { train?: { path?: unknown }; test?: { path?: unknown } }; task?: { template?: unknown }; shots?: unknown; design?: { shots?: unknown; templates?: unknown[] } };
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  // Design axes: a shots axis has no one shot count, a templates axis no one template; the list says so.
  const templates = Array.isArray(spec.design?.templates) && spec.design.templates.length > 1 ? spec.design.templates : null;
  const template = templates ? `${templates.length} templates: ${templates.map(text).join(' · ')}` : text(spec.task?.template);
  const shots = Array.isArray(spec.design?.shots) ? null : typeof spec.shots === 'number' ? spec.shots : null;
  return {
    id: run.id, name: run.name, modelName: run.modelName, modelSha256: run.modelSha256, status: run.status, totalPrompts: run.totalPrompts,
    createdAt: run.createdAt, finishedAt: run.finishedAt, error: run.error,
    trainPath: text(spec.data?.train?.path), testPath: text(spec.data?.test?.path), shots, template,
  };
}

/** A run as the runs table lists it: described by its own spec, its stored error as the reason. */
export function runItem(run: RunHead, summary: StudySummary | null, extras: ReturnType<typeof runExtras>): RunListItem {
  const meanAccuracy: Record<string, number> = {};
  if (summary) for (const [method, stats] of Object.entries(summary.aggregate)) meanAccuracy[method] = stats.mean;
  const file = (p: string | null) => (p ? path.basename(p) : '');
  return {
    runId: run.id,
    name: run.name,
    model: run.modelName,
    status: run.status,
    createdAt: run.createdAt,
    meanAccuracy,
    trainData: file(run.trainPath),
    testData: file(run.testPath),
    shots: run.shots,
    template: run.template ?? '',
    testExamples: extras.tests.get(run.id) ?? 0,
    reason: run.error,
    tags: extras.tags.get(run.id) ?? [],
  };
}
