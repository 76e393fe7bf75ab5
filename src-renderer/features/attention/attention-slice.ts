import type { AttentionComputeResult, AttentionSpan } from '../../../src-shared/api/attention.ts';
import type { ApiError } from '../../../src-shared/api/result.ts';
import type { SliceCreator } from '../../state/slice.ts';
import { deriveSpans } from './derive-spans.ts';

export interface AttentionSlice {
  text: string;
  /** Named spans; null means derive them from the text (demonstrations, labels, query). */
  spans: AttentionSpan[] | null;
  result: AttentionComputeResult | null;
  layer: number;
  /** Per-head matrices of `layer`, fetched on demand (a 1,000-token layer is megabytes). */
  layerHeads: Float32Array[] | null;
  /** Heads drawn in the head view. */
  visibleHeads: boolean[];
  loading: boolean;
  error: ApiError | null;
  setText(text: string): void;
  /** Opens the view on a prompt from another view (prompt editor, study), with its spans. */
  openWith(text: string, spans?: AttentionSpan[]): Promise<void>;
  compute(): Promise<void>;
  selectLayer(layer: number): Promise<void>;
  toggleHead(head: number): void;
}

const SAMPLE = [
  'Review: the acting is superb and the story moving.\nSentiment: Positive',
  'Review: a dull, lifeless script.\nSentiment: Negative',
  'Review: an unexpectedly charming film.\nSentiment:',
].join('\n\n');

/** Attention viewer: compute once in the backend, then fetch one layer at a time. */
export const createAttentionSlice: SliceCreator<AttentionSlice> = ({ client, get, set, root }) => ({
  text: SAMPLE,
  spans: null,
  result: null,
  layer: 0,
  layerHeads: null,
  visibleHeads: [],
  loading: false,
  error: null,

  setText(text) {
    set({ text, spans: null });
  },

  async openWith(text, spans) {
    set({ text, spans: spans ?? null });
    root().app.navigate('attention');
    await get().compute();
  },

  async compute() {
    const model = root().models.activeRef;
    if (!model) return set({ error: { code: 'NO_MODEL', message: 'choose a model first (Models view)' } });
    const text = get().text;
    const spans = get().spans ?? deriveSpans(text);
    set({ loading: true, error: null });
    const result = await client.call('attention.compute', { model, text, spans });
    if (!result.ok) return set({ loading: false, error: result.error });
    const layer = Math.min(get().layer, result.value.layers - 1);
    set({ result: result.value, layer, layerHeads: null, visibleHeads: Array.from({ length: result.value.heads }, () => true) });
    await get().selectLayer(layer);
  },

  async selectLayer(layer) {
    const computed = get().result;
    if (!computed) return;
    set({ layer, loading: true });
    const result = await client.call('attention.layer', { attentionId: computed.attentionId, layer });
    if (get().layer !== layer) return;
    if (result.ok) set({ layerHeads: result.value.heads, loading: false });
    else set({ error: result.error, loading: false });
  },

  toggleHead(head) {
    set((s) => ({ visibleHeads: s.visibleHeads.map((v, i) => (i === head ? !v : v)) }));
  },
});
