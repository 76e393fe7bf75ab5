import type { ApiError } from '../../../src-shared/api/result.ts';
import type { FinetuneProgressEvent, FinetuneRunItem, LearningCurveDetail } from '../../../src-shared/api/finetune.ts';
import type { SliceCreator } from '../../state/slice.ts';

export interface FinetuneSlice {
  list: FinetuneRunItem[];
  loading: boolean;
  detail: LearningCurveDetail | null;
  opening: string | null;
  error: ApiError | null;
  /** The learning curve started from this window, while it runs and after. */
  job: (FinetuneProgressEvent & { warnings: string[] }) | null;
  startError: string | null;
  loadRuns(): Promise<void>;
  open(runId: string): Promise<void>;
  start(spec: Record<string, unknown>): Promise<void>;
  cancel(): Promise<void>;
  /** Drops a finished job's progress and the last refusal (a new start is being asked for). */
  clearJob(): void;
}

/** Learning curves: the stored `promptscope finetune` runs and the one being looked at. */
export const createFinetuneSlice: SliceCreator<FinetuneSlice> = ({ client, get, set }) => ({
  job: null,
  startError: null,
  list: [],
  loading: false,
  detail: null,
  opening: null,
  error: null,

  async loadRuns() {
    set({ loading: true, error: null });
    const result = await client.call('finetune.list', {});
    if (!result.ok) return set({ loading: false, error: result.error });
    set({ list: result.value, loading: false });
    const first = result.value.find((r) => r.status === 'done');
    if (!get().detail && first) await get().open(first.runId);
  },

  async start(spec) {
    if (get().job?.state === 'running') return;
    set({ startError: null, job: null });
    let jobId: string | null = null;
    const early: FinetuneProgressEvent[] = [];
    const apply = (event: FinetuneProgressEvent) => {
      set((s) => ({ job: s.job ? { ...s.job, ...event } : { ...event, warnings: [] } }));
      if (event.state !== 'running') {
        off();
        void get().loadRuns().then(() => (event.runId ? get().open(event.runId) : undefined));
      }
    };
    const off = client.on('finetune.progress', (event) => {
      if (jobId === null) return void early.push(event);
      if (event.jobId === jobId) apply(event);
    });
    const started = await client.call('finetune.start', { spec });
    if (!started.ok) {
      off();
      return set({ startError: started.error.message });
    }
    jobId = started.value.jobId;
    set({ job: { jobId, state: 'running', done: 0, total: 0, warnings: started.value.warnings } });
    for (const event of early.splice(0)) if (event.jobId === jobId) apply(event);
  },

  clearJob() {
    if (get().job?.state === 'running') return;
    set({ job: null, startError: null });
  },

  async cancel() {
    const job = get().job;
    if (!job || job.state !== 'running') return;
    const result = await client.call('finetune.cancel', { jobId: job.jobId });
    if (!result.ok) set({ startError: result.error.message });
  },

  async open(runId) {
    set({ opening: runId, error: null, detail: null });
    const result = await client.call('finetune.get', { runId });
    if (!result.ok) return set({ opening: null, error: result.error, detail: null });
    set({ opening: null, detail: result.value });
  },
});
