import type { ApiError } from '../../../src-shared/api/result.ts';
import type { NextResult } from '../../../src-shared/api/tokens.ts';
import type { SliceCreator } from '../../state/slice.ts';

export interface GenerationSettings {
  maxNewTokens: number;
  temperature: number;
  topK: number;
  seed: number;
}

export interface TokensSlice {
  text: string;
  top: number;
  next: NextResult | null;
  nextLoading: boolean;
  nextError: ApiError | null;
  settings: GenerationSettings;
  /** Tokens streamed so far for the current generation. */
  generated: string[];
  generating: boolean;
  generateError: ApiError | null;
  setText(text: string): void;
  setTop(top: number): void;
  setSettings(patch: Partial<GenerationSettings>): void;
  predictNext(): Promise<void>;
  generate(): Promise<void>;
}

/** Token explorer: next-token distribution and streamed generation for any prompt. */
export const createTokensSlice: SliceCreator<TokensSlice> = ({ client, get, set, root }) => ({
  text: 'Review: a gorgeous, witty, seductive movie.\nSentiment:',
  top: 20,
  next: null,
  nextLoading: false,
  nextError: null,
  settings: { maxNewTokens: 24, temperature: 0.8, topK: 40, seed: 0 },
  generated: [],
  generating: false,
  generateError: null,

  setText(text) {
    set({ text });
  },
  setTop(top) {
    set({ top });
  },
  setSettings(patch) {
    set((s) => ({ settings: { ...s.settings, ...patch } }));
  },

  async predictNext() {
    const model = root().models.activeRef;
    if (!model) return set({ next: null, nextError: { code: 'NO_MODEL', message: 'choose a model first (Models view)' } });
    // A new request replaces the previous answer: no chart of an older prompt stays beside a new error.
    set({ nextLoading: true, nextError: null, next: null });
    const result = await client.call('next', { model, text: get().text, top: get().top });
    if (result.ok) set({ next: result.value, nextLoading: false });
    else set({ next: null, nextError: result.error, nextLoading: false });
  },

  async generate() {
    const model = root().models.activeRef;
    if (!model) return set({ generated: [], generateError: { code: 'NO_MODEL', message: 'choose a model first (Models view)' } });
    const streamId = `gen-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    set({ generating: true, generated: [], generateError: null });
    const off = client.on('generate.token', (event) => {
      if (event.streamId === streamId && !event.done && event.text !== undefined) set((s) => ({ generated: [...s.generated, event.text!] }));
    });
    const { maxNewTokens, temperature, topK, seed } = get().settings;
    const result = await client.call('generate', { model, prompt: get().text, maxNewTokens, temperature, topK, seed, streamId });
    off();
    if (result.ok) {
      // The final text is authoritative (events may race the reply on some transports).
      set({ generating: false, generated: result.value.tokenIds.length === get().generated.length ? get().generated : [result.value.text] });
    } else set({ generating: false, generated: [], generateError: result.error });
  },
});
