import type { ApiError } from '../../../src-shared/api/result.ts';
import type { FinetuneRunItem, LearningCurveDetail } from '../../../src-shared/api/finetune.ts';
import type { SliceCreator } from '../../state/slice.ts';

export interface FinetuneSlice {
  list: FinetuneRunItem[];
  loading: boolean;
  detail: LearningCurveDetail | null;
  opening: string | null;
  error: ApiError | null;
  loadRuns(): Promise<void>;
  open(runId: string): Promise<void>;
}

/** Learning curves: the stored `promptscope finetune` runs and the one being looked at. */
export const createFinetuneSlice: SliceCreator<FinetuneSlice> = ({ client, get, set }) => ({
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

  async open(runId) {
    set({ opening: runId, error: null, detail: null });
    const result = await client.call('finetune.get', { runId });
    if (!result.ok) return set({ opening: null, error: result.error, detail: null });
    set({ opening: null, detail: result.value });
  },
});
