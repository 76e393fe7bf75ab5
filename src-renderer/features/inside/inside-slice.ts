import type { InsideAttentionMass, InsideSampleInfo } from '../../../src-shared/api/inside.ts';
import type { ApiError } from '../../../src-shared/api/result.ts';
import type { DemoAttribution, HeadAblation, LabelKnockout, LensComparison, MaskScope } from '../../../src-shared/inside/inside-results.ts';
import type { SliceCreator } from '../../state/slice.ts';

export type InsideAnalysis = 'lensOrders' | 'lensFlip' | 'heads' | 'knockout' | 'attribute';

export interface InsideOptions {
  condition: string;
  sample: number;
  scope: MaskScope;
  permutations: number;
}

export interface InsideSlice {
  runId: string | null;
  options: InsideOptions;
  busy: InsideAnalysis | null;
  error: ApiError | null;
  lensOrders: (LensComparison & InsideSampleInfo) | null;
  lensFlip: (LensComparison & InsideSampleInfo) | null;
  heads: (HeadAblation & InsideSampleInfo) | null;
  knockout: (LabelKnockout & InsideSampleInfo) | null;
  attribute: (DemoAttribution & InsideSampleInfo & InsideAttentionMass) | null;
  setOptions(patch: Partial<InsideOptions>): void;
  /** Runs one analysis on a stored run; results of another run are dropped first. */
  compute(runId: string, analysis: InsideAnalysis): Promise<void>;
}

const EMPTY = { lensOrders: null, lensFlip: null, heads: null, knockout: null, attribute: null };

/** The inside-the-model analyses of the run the Study view shows. */
export const createInsideSlice: SliceCreator<InsideSlice> = ({ client, get, set }) => ({
  runId: null,
  options: { condition: 'best', sample: 40, scope: 'all', permutations: 20 },
  busy: null,
  error: null,
  ...EMPTY,
  setOptions(patch) {
    set((s) => ({ options: { ...s.options, ...patch } }));
  },
  async compute(runId, analysis) {
    if (get().runId !== runId) set({ runId, ...EMPTY });
    set({ busy: analysis, error: null });
    const { condition, sample, scope, permutations } = get().options;
    const base = { runId, condition, sample };
    const result =
      analysis === 'lensOrders' ? await client.call('inside.lens', { ...base, compare: 'orders' })
      : analysis === 'lensFlip' ? await client.call('inside.lens', { ...base, compare: 'flip' })
      : analysis === 'heads' ? await client.call('inside.heads', { ...base, scope })
      : analysis === 'knockout' ? await client.call('inside.knockout', base)
      : await client.call('inside.attribute', { ...base, permutations });
    if (get().runId !== runId) return;
    if (result.ok) set({ [analysis]: result.value, busy: null } as Partial<InsideSlice>);
    else set({ error: result.error, busy: null });
  },
});
