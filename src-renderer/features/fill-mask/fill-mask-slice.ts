import type { FillComputeResult, FillProbeResult } from '../../../src-shared/api/fill-mask.ts';
import type { ApiError } from '../../../src-shared/api/result.ts';
import type { SliceCreator } from '../../state/slice.ts';

export interface FillMaskSlice {
  text: string;
  top: number;
  result: FillComputeResult | null;
  probeText: string;
  seed: number;
  rate: number;
  probe: FillProbeResult | null;
  loading: boolean;
  error: ApiError | null;
  setText(text: string): void;
  setTop(top: number): void;
  setProbeText(text: string): void;
  setSeed(seed: number): void;
  setRate(rate: number): void;
  compute(): Promise<void>;
  runProbe(): Promise<void>;
}

/** Fill-mask explorer and masked-LM probe on the active model (an encoder). */
export const createFillMaskSlice: SliceCreator<FillMaskSlice> = ({ client, get, set, root }) => ({
  text: 'the film was [MASK] and the acting was [MASK].',
  top: 10,
  result: null,
  probeText: 'the acting is superb and the story is moving, a fine film for the whole family.',
  seed: 0,
  rate: 0.15,
  probe: null,
  loading: false,
  error: null,

  setText: (text) => set({ text }),
  setTop: (top) => set({ top }),
  setProbeText: (probeText) => set({ probeText }),
  setSeed: (seed) => set({ seed }),
  setRate: (rate) => set({ rate }),

  async compute() {
    const model = root().models.activeRef;
    if (!model) return set({ error: { code: 'NO_MODEL', message: 'choose a model first (Models view)' } });
    set({ loading: true, error: null });
    const result = await client.call('fill.compute', { model, text: get().text, top: get().top });
    set(result.ok ? { loading: false, result: result.value } : { loading: false, error: result.error });
  },

  async runProbe() {
    const model = root().models.activeRef;
    if (!model) return set({ error: { code: 'NO_MODEL', message: 'choose a model first (Models view)' } });
    set({ loading: true, error: null });
    const result = await client.call('fill.probe', { model, text: get().probeText, seed: get().seed, rate: get().rate, top: 5 });
    set(result.ok ? { loading: false, probe: result.value } : { loading: false, error: result.error });
  },
});
