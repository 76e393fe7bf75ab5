import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { ClozeQuery, ModelInfo } from '../engine/protocol.ts';
import { insertPlan, listConditions, listRunExamples, type RunExampleRecord } from '../storage/plan-queries.ts';
import { countResults, insertResultBatch, storedKeys, type PredictionRecord, type PriorInputRecord } from '../storage/result-queries.ts';
import { addRunTimings, claimRun, getRun, insertRun, LEASE_MS, renewLease, runHolder, setRunStatus, type RunHolder } from '../storage/run-queries.ts';
import { setRunMeanAccuracy } from '../storage/run-stats-queries.ts';
import { contentFreeRow } from '../../src-shared/prompt/template.ts';
import { clozeQuery, isCloze, scoreStudyBatch } from './cloze.ts';
import { domainInputs, domainInputText } from './domain-inputs.ts';
import { ExperimentInputError } from './errors.ts';
import { classScores, scoringRequest } from './label-scoring.ts';
import { resolveLabelTokens, type LabelTokens } from './label-tokens.ts';
import type { PreparedStudy } from './prepare-study.ts';
import { contentFreeSuffix, prefixParts, querySuffix } from './prompts.ts';
import { loadRunData } from './run-data.ts';
import { byQueryLength } from './scoring-order.ts';
import type { ExperimentSpec } from '../../src-shared/experiments/experiment-schema.ts';
import { newRunId } from '../../src-shared/experiments/run-id.ts';
import { studyLoadOptions, type StudyEngine } from './study-engine.ts';
import { computeSummary, type StudySummary } from './summary.ts';
import { countProbeResults, insertProbeResults, storedProbeIndices, type ProbeResultRecord } from '../storage/probe-queries.ts';
import { probeInputsFor } from './probing/run-probing.ts';

/** Progress of a running study, for the CLI's bar and the UI's `study.progress` events. */
export interface StudyProgress {
  runId: string;
  /** Prompts stored so far (including those of earlier sessions of a resumed run). */
  done: number;
  total: number;
  /** Prompts per second in this session. */
  ratePerSec: number;
  /** Seconds left at the current rate; null before the first batch. */
  etaSec: number | null;
}

export interface StudyRunOptions {
  db: Database;
  engine: StudyEngine;
  /** Stops between batches; the run is marked cancelled and can be resumed. Its reason (a signal name) is reported. */
  signal?: AbortSignal;
  onProgress?: (progress: StudyProgress) => void;
  /** Take the run even while another session's lease on it is live (`run --resume --force`). */
  force?: boolean;
  /** Things the user must hear while the run goes on (a forced take-over, an engine crash retried). */
  onWarning?: (message: string) => void;
}

export interface StudyResult {
  runId: string;
  summary: StudySummary;
  warnings: string[];
}

/** Everything a session needs to score a stored run. */
interface RunContext {
  runId: string;
  spec: ExperimentSpec;
  model: ModelInfo;
  labelTokens: LabelTokens;
}

/** Thrown when the AbortSignal stops a study; the run stays resumable. */
export class StudyCancelledError extends Error {
  constructor(
    runId: string,
    readonly reason?: string,
  ) {
    super(`run ${runId} was ${reason ? `stopped by ${reason}` : 'cancelled'}; finish it with: promptscope run --resume ${runId}`);
    this.name = 'StudyCancelledError';
  }
}

/** A run that failed while scoring (the engine crashed twice, the disk filled, ...): stored work is kept. */
export class StudyFailedError extends Error {
  readonly code: string;
  constructor(runId: string, cause: unknown) {
    const message = String((cause as Error)?.message ?? cause).split('\n')[0];
    super(`run ${runId} failed: ${message}; finish it with: promptscope run --resume ${runId}`);
    this.name = 'StudyFailedError';
    this.code = typeof (cause as { code?: unknown })?.code === 'string' ? (cause as { code: string }).code : 'RUN_FAILED';
  }
}

/**
 * Store a prepared study (run, examples, demonstration sets, conditions) in one transaction and
 * return its id: the caller's (the UI chooses it before `studies.start`) or a new one. The UI calls
 * this, answers with the id, then runs `executeStudyRun`.
 */
export function createStudyRun(db: Database, prepared: PreparedStudy, options: { runId?: string; now?: Date } = {}): string {
  const now = options.now ?? new Date();
  const runId = options.runId ?? newRunId(now);
  if (getRun(db, runId)) throw new ExperimentInputError(`run ${runId} exists already; choose another run id`, 'RUN_EXISTS');
  db.transaction(() => {
    insertRun(db, {
      id: runId,
      name: prepared.spec.name,
      spec: prepared.spec,
      modelName: prepared.model.name,
      modelSha256: prepared.model.sha256,
      tokenizerHash: prepared.tokenizerHash,
      modelInfo: prepared.model,
      totalPrompts: prepared.totalPrompts,
      createdAt: now.toISOString(),
    });
    insertPlan(db, runId, prepared);
  })();
  return runId;
}

/** Start a stored, prepared run in this session (the UI's path after `createStudyRun`). */
export function executePreparedRun(runId: string, prepared: PreparedStudy, options: StudyRunOptions): Promise<StudySummary> {
  return executeStudyRun(options.db, { runId, spec: prepared.spec, model: prepared.model, labelTokens: prepared.labelTokens }, options);
}

/**
 * Finish a run that was interrupted (killed, crashed, cancelled): the stored plan is scored where
 * results are missing and nothing is recomputed twice; the summary equals an uninterrupted run's.
 * The model must be the one the run started with (same SHA-256).
 */
export async function resumeStudy(runId: string, options: StudyRunOptions): Promise<StudyResult> {
  const run = getRun(options.db, runId);
  if (!run) throw new ExperimentInputError(`run ${runId}: no such run in this database`, 'RUN_NOT_FOUND');
  // Refused before a model is loaded, so a busy run answers at once.
  const holder = options.force ? null : runHolder(options.db, runId);
  if (holder) throw runBusy(runId, holder);
  const spec = run.spec as ExperimentSpec;
  const model = await options.engine.load(spec.model, studyLoadOptions(spec));
  if (model.sha256 !== run.modelSha256) {
    throw new ExperimentInputError(
      `run ${runId}: model "${spec.model}" is now ${model.sha256.slice(0, 12)}..., but the run used ${run.modelSha256.slice(0, 12)}...; resume with the same model files`,
      'MODEL_CHANGED',
    );
  }
  const labelTokens = await resolveLabelTokens(options.engine, model, spec);
  const summary = await executeStudyRun(options.db, { runId, spec, model, labelTokens }, options);
  return { runId, summary, warnings: labelTokens.warnings };
}

function runBusy(runId: string, holder: RunHolder): ExperimentInputError {
  const until = holder.leaseExpiresMs ? `; its lease runs until ${new Date(holder.leaseExpiresMs).toISOString()}` : '';
  return new ExperimentInputError(
    `run ${runId} is being scored by process ${holder.pid} on ${holder.host}${until}; wait for it, stop it, or take it over with run --resume ${runId} --force`,
    'RUN_BUSY',
  );
}

/** A prompt of one condition: a content-free input, a domain-context input, a test example or a probing input. */
interface WorkItem {
  key: string;
  kind: 'test' | 'content-free' | 'domain' | 'probe';
  index: number;
  exampleId?: string;
  inputText: string;
  fields: Record<string, string>;
  /** The prompt's query part (querySuffix), rendered once: it orders the items and is sent as is. */
  suffix: string;
  /** Encoders: the query split at the label slot, which becomes the mask token. */
  cloze?: ClozeQuery;
}

/**
 * Score every missing prompt of a stored run, one engine call and one transaction per batch.
 *
 * Batches are cut the same way in every session (priors first, then the test examples by query
 * length, `batchSize` at a time), and a batch commits whole, so a resumed session skips exactly the
 * batches that were stored and recomputes the rest the same way.
 */
async function executeStudyRun(db: Database, ctx: RunContext, options: StudyRunOptions): Promise<StudySummary> {
  const { runId, spec, model, labelTokens } = ctx;
  const run = getRun(db, runId)!;
  const tests = listRunExamples(db, runId, 'test');
  const train = new Map(listRunExamples(db, runId, 'train').map((e) => [e.exampleId, e]));
  const conditions = listConditions(db, runId);
  const counts = countResults(db, runId);
  let done = counts.predictions + counts.priors + countProbeResults(db, runId);
  let total = run.totalPrompts;
  const startDone = done;
  const started = performance.now();
  let scoringMs = 0;
  // Work counters kept with the timings: tokens in the prompts scored vs tokens the engine ran
  // (the gap is what the shared-prefix KV cache saved).
  let promptTokens = 0;
  let computedTokens = 0;
  const leaseOwner = `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  const claim = claimRun(db, runId, leaseOwner, { force: options.force });
  if (!claim.claimed) throw runBusy(runId, claim.holder);
  if (claim.tookFrom) {
    const { host, pid } = claim.tookFrom;
    options.onWarning?.(`taking run ${runId} over from process ${pid} on ${host} (--force); if that process is still scoring, stop it: both would compute the same results (nothing is duplicated, the work is wasted)`);
  }
  // The heartbeat: renew the lease while scoring; a session whose run was taken over stops.
  let takenOver = false;
  const heartbeat = setInterval(() => {
    try {
      if (!renewLease(db, runId, leaseOwner)) takenOver = true;
    } catch {
      // A failed renewal (busy, disk) is retried on the next beat; the lease has room for two misses.
    }
  }, LEASE_MS / 3);
  heartbeat.unref();
  const report = () => {
    const elapsedSec = (performance.now() - started) / 1000;
    const rate = elapsedSec > 0 ? (done - startDone) / elapsedSec : 0;
    options.onProgress?.({ runId, done, total, ratePerSec: rate, etaSec: rate > 0 ? (total - done) / rate : null });
  };
  report();
  try {
    const domainBySeed = new Map<number, Record<string, string>[]>();
    for (const condition of conditions) {
      if (!domainBySeed.has(condition.seed)) domainBySeed.set(condition.seed, domainInputs(spec, tests.map((t) => t.fields), condition.seed));
      // Lu et al.'s generated probing set: built from all of the seed's orders before its first one is scored, then stored.
      const probing = await probeInputsFor(db, runId, { spec, model, labelTokens }, options.engine, condition.seed, conditions, (id) => demoOf(train, id, runId), (added) => {
        total += added;
        report();
      });
      const probeItems = byQueryLength(
        probing.map((p) => ({ key: `probe:${p.probeIndex}`, kind: 'probe' as const, index: p.probeIndex, inputText: p.fields.input ?? JSON.stringify(p.fields), fields: p.fields, suffix: querySuffix(spec, p.fields) })),
        (p) => p.suffix,
      );
      const items = [...workItems(spec, tests, domainBySeed.get(condition.seed)!, isCloze(model)), ...probeItems];
      const stored = storedKeys(db, runId, condition.seed, condition.orderIndex);
      const storedProbes = probing.length > 0 ? storedProbeIndices(db, runId, condition.seed, condition.orderIndex) : new Set<number>();
      const isStored = (item: WorkItem) => (item.kind === 'test' ? stored.examples.has(item.exampleId!) : item.kind === 'probe' ? storedProbes.has(item.index) : stored.priors.has(item.key));
      const demos = condition.order.slice(condition.droppedDemos).map((id) => demoOf(train, id, runId));
      const parts = prefixParts(spec, demos);
      for (let start = 0; start < items.length; start += spec.batchSize) {
        const batch = items.slice(start, start + spec.batchSize);
        const missing = batch.filter((item) => !isStored(item)).length;
        if (missing === 0) continue;
        if (options.signal?.aborted) throw new StudyCancelledError(runId, typeof options.signal.reason === 'string' ? options.signal.reason : undefined);
        if (takenOver) throw new ExperimentInputError(`run ${runId} was taken over by another session (run --resume --force); this one stopped`, 'RUN_TAKEN_OVER');
        const t0 = performance.now();
        const result = await scoreWithOneRetry(options, () => scoreStudyBatch(options.engine, model, parts, batch, scoringRequest(labelTokens)), runId);
        scoringMs += performance.now() - t0;
        promptTokens += result.promptTokens.reduce((a, b) => a + b, 0);
        computedTokens += result.computedTokens;
        const predictions: PredictionRecord[] = [];
        const priors: PriorInputRecord[] = [];
        const probes: ProbeResultRecord[] = [];
        batch.forEach((item, s) => {
          const raw = classScores(labelTokens, result, s);
          const probs = Object.fromEntries(spec.classes.map((cls, c) => [cls, raw[c]]));
          if (item.kind === 'test') predictions.push({ seed: condition.seed, orderIndex: condition.orderIndex, exampleId: item.exampleId!, probs, promptTokens: result.promptTokens[s] });
          else if (item.kind === 'probe') probes.push({ seed: condition.seed, orderIndex: condition.orderIndex, probeIndex: item.index, probs });
          else priors.push({ seed: condition.seed, orderIndex: condition.orderIndex, kind: item.kind, inputIndex: item.index, inputText: item.inputText, probs });
        });
        db.transaction(() => {
          insertResultBatch(db, runId, { predictions, priors });
          insertProbeResults(db, runId, probes);
        })();
        done += missing;
        report();
      }
    }
  } catch (error) {
    clearInterval(heartbeat);
    const cancelled = error instanceof StudyCancelledError;
    const taken = error instanceof ExperimentInputError && error.code === 'RUN_TAKEN_OVER';
    // A session that lost its run leaves the new owner's state alone.
    if (!taken) {
      setRunStatus(db, runId, cancelled ? 'cancelled' : 'failed', cancelled ? null : ((error as Error).message ?? String(error)));
      addRunTimings(db, runId, { scoringMs, wallMs: performance.now() - started, promptTokens, computedTokens });
    }
    if (cancelled || error instanceof ExperimentInputError) throw error;
    throw new StudyFailedError(runId, error);
  }
  clearInterval(heartbeat);
  setRunStatus(db, runId, 'done');
  addRunTimings(db, runId, { scoringMs, wallMs: performance.now() - started, promptTokens, computedTokens });
  const summary = computeSummary(loadRunData(db, runId));
  setRunMeanAccuracy(db, runId, Object.fromEntries(Object.entries(summary.aggregate).map(([method, stats]) => [method, stats.mean])));
  return summary;
}

/**
 * One engine call, retried once if the engine worker crashed (EngineHost restarts it and reloads
 * the model under the same id); a second crash fails the run, which stays resumable.
 */
async function scoreWithOneRetry(options: StudyRunOptions, score: () => ReturnType<StudyEngine['scoreNext']>, runId: string): ReturnType<StudyEngine['scoreNext']> {
  try {
    return await score();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'WORKER_CRASHED') throw error;
    options.onWarning?.(`run ${runId}: ${String((error as Error).message).split('\n')[0]}; retrying the batch once`);
    return await score();
  }
}

/** Priors first, then the test examples by query length (see byQueryLength). */
function workItems(spec: ExperimentSpec, tests: RunExampleRecord[], domain: Record<string, string>[], cloze: boolean): WorkItem[] {
  const item = (fields: Record<string, string>) => ({ fields, suffix: querySuffix(spec, fields), ...(cloze ? { cloze: clozeQuery(spec, fields) } : {}) });
  const testItems = tests.map((t, index) => ({ key: `test:${t.exampleId}`, kind: 'test' as const, index, exampleId: t.exampleId, inputText: t.fields.input ?? '', ...item(t.fields) }));
  return [
    ...spec.contentFree.map((text, index) => {
      const fields = contentFreeRow(spec.task.template, text);
      return { key: `content-free:${index}`, kind: 'content-free' as const, index, inputText: text, fields, suffix: contentFreeSuffix(spec, text), ...(cloze ? { cloze: clozeQuery(spec, fields) } : {}) };
    }),
    ...domain.map((fields, index) => ({ key: `domain:${index}`, kind: 'domain' as const, index, inputText: domainInputText(fields), ...item(fields) })),
    ...byQueryLength(testItems, (t) => t.suffix),
  ];
}

function demoOf(train: Map<string, RunExampleRecord>, id: string, runId: string): RunExampleRecord {
  const demo = train.get(id);
  if (!demo) throw new Error(`run ${runId}: demonstration ${id} is missing from the stored examples`);
  return demo;
}

