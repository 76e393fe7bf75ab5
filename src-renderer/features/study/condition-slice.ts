import type { ConditionDetail, StudyAttention } from '../../../src-shared/api/conditions.ts';
import type { ApiError } from '../../../src-shared/api/result.ts';
import type { SliceCreator } from '../../state/slice.ts';

export interface ConditionRef {
  seed: number;
  orderIndex: number;
  /** The design cell (runs with design axes); absent means 0. */
  cell?: number;
}

/** Conditions a chart item stands for (a majority-label group is several); the detail shows one of them. */
export interface ConditionGroup {
  title: string;
  refs: ConditionRef[];
}

export interface ConditionSlice {
  runId: string | null;
  ref: ConditionRef | null;
  group: ConditionGroup | null;
  detail: ConditionDetail | null;
  loading: boolean;
  error: ApiError | null;
  /** Attention by demonstration position over a sample of the run's prompts. */
  attention: { runId: string; result: StudyAttention | null; error: ApiError | null; loading: boolean } | null;
  computeAttention(runId: string, maxConditions: number, maxExamples: number): Promise<void>;
  open(runId: string, ref: ConditionRef, group?: ConditionGroup | null): Promise<void>;
  close(): void;
}

/** The drill-down: one condition of the run on screen, opened from any chart. */
export const createConditionSlice: SliceCreator<ConditionSlice> = ({ client, get, set }) => ({
  runId: null,
  ref: null,
  group: null,
  detail: null,
  loading: false,
  error: null,
  attention: null,

  async computeAttention(runId, maxConditions, maxExamples) {
    set({ attention: { runId, result: null, error: null, loading: true } });
    const result = await client.call('runs.attention', { runId, maxConditions, maxExamples });
    if (get().attention?.runId !== runId) return;
    set({ attention: { runId, result: result.ok ? result.value : null, error: result.ok ? null : result.error, loading: false } });
  },

  async open(runId, ref, group = null) {
    // The previous condition goes at once: its table never sits under the new one's heading.
    set({ runId, ref, group, detail: null, error: null, loading: true });
    const result = await client.call('runs.condition', { runId, seed: ref.seed, orderIndex: ref.orderIndex, cell: ref.cell ?? 0 });
    const now = get();
    if (now.runId !== runId || now.ref?.seed !== ref.seed || now.ref?.orderIndex !== ref.orderIndex || (now.ref?.cell ?? 0) !== (ref.cell ?? 0)) return;
    if (!result.ok) return set({ loading: false, error: result.error, detail: null });
    set({ loading: false, detail: result.value });
  },

  close() {
    set({ runId: null, ref: null, group: null, detail: null, error: null, loading: false });
  },
});
