import type { ApiError } from '../../../src-shared/api/result.ts';
import type { RunAnalysis, RunDetail } from '../../../src-shared/api/runs.ts';
import type { StudyState, StudyValidation } from '../../../src-shared/api/studies.ts';
import { newRunId } from '../../../src-shared/experiments/run-id.ts';
import type { SliceCreator } from '../../state/slice.ts';
import { pushSample, ratePerSecond, type ProgressSample } from './progress-rate.ts';
import { buildExperimentSpec, defaultStudyConfig, type StudyConfig } from './study-config.ts';

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
  validate(): Promise<boolean>;
  start(): Promise<void>;
  cancel(): Promise<void>;
  /** Shows a stored run's results (after a study ends, or from the Runs view). */
  showRun(runId: string): Promise<void>;
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
    return buildExperimentSpec(get().config, r.prompt, r.examples.datasets, model);
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

    setConfig(patch) {
      set((s) => ({ config: { ...s.config, ...patch }, validation: null, configError: null }));
    },

    async validate() {
      let experiment;
      try {
        experiment = spec();
      } catch (error) {
        set({ configError: (error as Error).message, validation: null });
        return false;
      }
      set({ validating: true, configError: null });
      const result = await client.call('studies.validate', { spec: experiment });
      if (!result.ok) {
        set({ validating: false, configError: result.error.message, validation: null });
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
      unsubscribe = client.on('study.progress', (event) => {
        if (event.runId !== runId) return;
        const now = performance.now();
        set((s) => {
          if (!s.run || s.run.runId !== event.runId) return {};
          const samples = pushSample(s.run.samples, { atMs: now, done: event.done });
          // A cancelled or failed run reports done: 0; keep the count reached, which is what was stored.
          const done = event.state === 'running' || event.state === 'done' ? event.done : Math.max(s.run.done, event.done);
          return { run: { ...s.run, state: event.state, done, total: event.total, error: event.error?.message, samples, rate: ratePerSecond(samples) } };
        });
        if (event.state !== 'running') {
          unsubscribe?.();
          unsubscribe = null;
          void root().runs.loadRuns();
          if (event.state === 'done') void get().showRun(event.runId);
          if (event.state === 'failed') root().app.notify('error', `Study failed: ${event.error?.message ?? 'unknown error'}`);
        }
      });
      const started = await client.call('studies.start', { spec: experiment, runId });
      if (!started.ok) {
        unsubscribe?.();
        unsubscribe = null;
        return set({ configError: started.error.message, run: null });
      }
    },

    async cancel() {
      const run = get().run;
      if (!run || run.state !== 'running') return;
      const result = await client.call('studies.cancel', { runId: run.runId });
      if (!result.ok) root().app.notifyError(result.error);
    },

    async showRun(runId) {
      set({ resultLoading: true, resultError: null });
      const [detail, analysis] = await Promise.all([client.call('runs.get', { runId }), client.call('runs.analysis', { runId })]);
      if (!detail.ok || !analysis.ok) {
        return set({ resultLoading: false, resultError: !detail.ok ? detail.error : !analysis.ok ? analysis.error : null });
      }
      set({ result: { detail: detail.value, analysis: analysis.value }, resultLoading: false });
    },
  };
};

