import type { AttentionComputeResult, AttentionSpan, AttentionThumbnailsResult } from '../../../src-shared/api/attention.ts';
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
  /** Head shown large in the matrix view. */
  head: number;
  /** Max-pooled matrices of every layer and head, for the overview grid. */
  thumbnails: AttentionThumbnailsResult | null;
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
  /** Picks a (layer, head) cell of the overview: fetches the layer if it is another one. */
  selectCell(layer: number, head: number): Promise<void>;
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
  head: 0,
  thumbnails: null,
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
    const cleared = { result: null, layerHeads: null, thumbnails: null };
    if (!model) return set({ ...cleared, error: { code: 'NO_MODEL', message: 'choose a model first (Models view)' } });
    const text = get().text;
    const spans = get().spans ?? deriveSpans(text);
    // The previous prompt's maps go as soon as a new one is asked for; an error never sits beside them.
    set({ ...cleared, loading: true, error: null });
    const result = await client.call('attention.compute', { model, text, spans });
    if (!result.ok) return set({ ...cleared, loading: false, error: result.error });
    const layer = Math.min(get().layer, result.value.layers - 1);
    const head = Math.min(get().head, result.value.heads - 1);
    set({ result: result.value, layer, head, layerHeads: null, thumbnails: null, visibleHeads: Array.from({ length: result.value.heads }, () => true) });
    const attentionId = result.value.attentionId;
    const [thumbnails] = await Promise.all([client.call('attention.thumbnails', { attentionId, sizePx: 48 }), get().selectLayer(layer)]);
    if (thumbnails.ok && get().result?.attentionId === attentionId) set({ thumbnails: thumbnails.value });
  },

  async selectLayer(layer) {
    const computed = get().result;
    if (!computed) return;
    set({ layer, loading: true });
    const result = await client.call('attention.layer', { attentionId: computed.attentionId, layer });
    if (get().layer !== layer) return;
    if (result.ok) set({ layerHeads: result.value.heads, loading: false });
    else set({ error: result.error, loading: false, layerHeads: null });
  },

  async selectCell(layer, head) {
    set({ head });
    if (layer !== get().layer || get().layerHeads === null) await get().selectLayer(layer);
  },

  toggleHead(head) {
    set((s) => ({ visibleHeads: s.visibleHeads.map((v, i) => (i === head ? !v : v)) }));
  },
});
