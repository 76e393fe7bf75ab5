import type { ApiError } from '../../../src-shared/api/result.ts';
import type { RunAnalysis, RunDetail } from '../../../src-shared/api/runs.ts';
import type { StudyProgressEvent, StudyState, StudyValidation } from '../../../src-shared/api/studies.ts';
import { newRunId } from '../../../src-shared/experiments/run-id.ts';
import type { SliceCreator } from '../../state/slice.ts';
import { specInFormWords } from '../../components/form-words.ts';
import { pushSample, ratePerSecond, type ProgressSample } from './progress-rate.ts';
import { buildExperimentSpec, defaultStudyConfig, STUDY_FIELD_LABELS, type StudyConfig } from './study-config.ts';
import { specToForm } from './spec-to-form.ts';

/** The shortest time between two progress updates of the store while a study runs. */
const PROGRESS_MS = 250;

export interface StudyRunState {
  runId: string;
  state: StudyState;
  done: number;
  total: number;
  error?: string;
  samples: ProgressSample[];
  rate: number | null;
}

export interface StudyResult {
  detail: RunDetail;
  analysis: RunAnalysis;
}

export interface StudySlice {
  config: StudyConfig;
  validation: StudyValidation | null;
  configError: string | null;
  validating: boolean;
  run: StudyRunState | null;
  result: StudyResult | null;
  resultLoading: boolean;
  resultError: ApiError | null;
  setConfig(patch: Partial<StudyConfig>): void;
  /** A form field not acceptable as typed (in the field's words); the study neither checks nor runs until it is fixed. */
  fieldProblem: string | null;
  setFieldProblem(problem: string | null): void;
  validate(): Promise<boolean>;
  start(): Promise<void>;
  cancel(): Promise<void>;
  /** Shows a stored run's results (after a study ends, or from the Runs view). */
  showRun(runId: string): Promise<void>;
  clearResult(): void;
  /** Fills the form, the prompt and the Examples pins from a stored run's spec. */
  copyIntoForm(spec: unknown): string[];
}

/**
 * Study: the form, validation by the study runner, the running study (progress events with a
 * measured rate) and the results of the run on screen.
 */
export const createStudySlice: SliceCreator<StudySlice> = ({ client, get, set, root }) => {
  let unsubscribe: (() => void) | null = null;

  const spec = () => {
    const r = root();
    const model = r.models.activeRef;
    if (!model) throw new Error('choose a model first (Models view)');
    const problem = get().fieldProblem;
    if (problem) throw new Error(problem);
    const trainId = get().config.trainDatasetId ?? '';
    return buildExperimentSpec(get().config, r.prompt, r.examples.datasets, model, { pinned: r.examples.pinned[trainId] ?? [], excluded: r.examples.excluded[trainId] ?? [] });
  };

  return {
    config: defaultStudyConfig(),
    validation: null,
    configError: null,
    validating: false,
    run: null,
    result: null,
    resultLoading: false,
    resultError: null,
    fieldProblem: null,

    setConfig(patch) {
      set((s) => ({ config: { ...s.config, ...patch }, validation: null, configError: null }));
      // Shots, seeds and sampling are also the Examples page's draw (one state): it follows them.
      if (patch.shots !== undefined || patch.seedsText !== undefined || patch.sampling !== undefined) void root().examples.sampleDemonstrations();
    },

    setFieldProblem(fieldProblem) {
      set({ fieldProblem, validation: null, configError: null });
    },

    async validate() {
      let experiment;
      try {
        experiment = spec();
      } catch (error) {
        set({ configError: (error as Error).message, validation: null });
        return false;
      }
      set({ validating: true, configError: null, validation: null });
      const result = await client.call('studies.validate', { spec: experiment });
      if (!result.ok) {
        set({ validating: false, configError: specInFormWords(result.error.message, STUDY_FIELD_LABELS), validation: null });
        return false;
      }
      set({ validating: false, validation: result.value });
      return true;
    },

    async start() {
      if (get().run?.state === 'running') return;
      let experiment;
      try {
        experiment = spec();
      } catch (error) {
        return set({ configError: (error as Error).message });
      }
      set({ configError: null, result: null, resultError: null, run: null });
      unsubscribe?.();
      // The run's id is ours to choose, so events are followed from the first one (subscribed before
      // starting) and events of other runs are ignored.
      const runId = newRunId();
      set({ run: { runId, state: 'running', done: 0, total: get().validation?.prompts ?? 0, samples: [{ atMs: performance.now(), done: 0 }], rate: null } });
      // Progress events come as fast as prompts are scored; the store (and so the Study view, which
      // renders the whole form with it) takes the newest at most every PROGRESS_MS, and every
      // final event at once. A progress bar needs no more, and the page keeps its frames for input.
      let pending: StudyProgressEvent | null = null;
      let frame: ReturnType<typeof setTimeout> | null = null;
      const apply = (event: StudyProgressEvent, now: number) =>
        set((s) => {
          if (!s.run || s.run.runId !== event.runId) return {};
          const samples = pushSample(s.run.samples, { atMs: now, done: event.done });
          // A cancelled or failed run reports done: 0; keep the count reached, which is what was stored.
          const done = event.state === 'running' || event.state === 'done' ? event.done : Math.max(s.run.done, event.done);
          return { run: { ...s.run, state: event.state, done, total: event.total, error: event.error?.message, samples, rate: ratePerSecond(samples) } };
        });
      unsubscribe = client.on('study.progress', (event) => {
        if (event.runId !== runId) return;
        if (event.state === 'running') {
          pending = event;
          frame ??= setTimeout(() => {
            frame = null;
            if (pending) apply(pending, performance.now());
            pending = null;
          }, PROGRESS_MS);
          return;
        }
        if (frame !== null) clearTimeout(frame);
        frame = null;
        pending = null;
        apply(event, performance.now());
        unsubscribe?.();
        unsubscribe = null;
        void root().runs.loadRuns();
        if (event.state === 'done') void get().showRun(event.runId);
        if (event.state === 'failed') root().app.notify('error', `Study failed: ${event.error?.message ?? 'unknown error'}`);
      });
      const started = await client.call('studies.start', { spec: experiment, runId });
      if (!started.ok) {
        unsubscribe?.();
        unsubscribe = null;
        return set({ configError: specInFormWords(started.error.message, STUDY_FIELD_LABELS), run: null });
      }
    },

    async cancel() {
      const run = get().run;
      if (!run || run.state !== 'running') return;
      const result = await client.call('studies.cancel', { runId: run.runId });
      if (!result.ok) root().app.notifyError(result.error);
    },

    clearResult() {
      set({ result: null, resultError: null });
      root().condition.close();
    },

    copyIntoForm(stored) {
      const r = root();
      const applied = specToForm(stored, r.examples.datasets, get().config);
      set({ config: applied.config, validation: null, configError: null, fieldProblem: null });
      void r.examples.sampleDemonstrations();
      if (applied.prompt) r.prompt.applyTask(applied.prompt);
      if (applied.trainDatasetId && applied.demonstrations) r.examples.setPins(applied.trainDatasetId, applied.demonstrations.pinned, applied.demonstrations.excluded);
      if (applied.model) void r.models.select(applied.model);
      return applied.notes;
    },

    async showRun(runId) {
      root().condition.close();
      set({ resultLoading: true, resultError: null, result: null });
      const [detail, analysis] = await Promise.all([client.call('runs.get', { runId }), client.call('runs.analysis', { runId })]);
      if (!detail.ok || !analysis.ok) {
        return set({ resultLoading: false, result: null, resultError: !detail.ok ? detail.error : !analysis.ok ? analysis.error : null });
      }
      set({ result: { detail: detail.value, analysis: analysis.value }, resultLoading: false });
    },
  };
};

