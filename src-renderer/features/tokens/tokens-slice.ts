import type { ApiError } from '../../../src-shared/api/result.ts';
import type { NextResult, TokenizeResult } from '../../../src-shared/api/tokens.ts';
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
  /** Tokens streamed so far for the current generation, with their probability under the model. */
  generated: GeneratedPiece[];
  /** The prompt as the model's tokenizer splits it (for the prompt the last action used). */
  promptTokens: TokenizeResult | null;
  promptTokensText: string;
  generating: boolean;
  generateError: ApiError | null;
  setText(text: string): void;
  setTop(top: number): void;
  setSettings(patch: Partial<GenerationSettings>): void;
  predictNext(): Promise<void>;
  generate(): Promise<void>;
}

export interface GeneratedPiece {
  text: string;
  /** Natural-log probability under the model at temperature 1; null where the backend gave none. */
  logprob: number | null;
}

/** Token explorer: next-token distribution and streamed generation for any prompt, and the prompt's tokens. */
export const createTokensSlice: SliceCreator<TokensSlice> = ({ client, get, set, root }) => {
  /** The prompt's tokens beside the answer; an older prompt's tokens never stay. */
  const tokenizePrompt = async (model: string, text: string) => {
    set({ promptTokens: null, promptTokensText: text });
    const result = await client.call('tokenize', { model, text });
    if (get().promptTokensText === text && result.ok) set({ promptTokens: result.value });
  };
  return {
  text: 'Review: a gorgeous, witty, seductive movie.\nSentiment:',
  top: 20,
  next: null,
  nextLoading: false,
  nextError: null,
  settings: { maxNewTokens: 24, temperature: 0.8, topK: 40, seed: 0 },
  generated: [],
  promptTokens: null,
  promptTokensText: '',
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
    const text = get().text;
    void tokenizePrompt(model, text);
    const result = await client.call('next', { model, text, top: get().top });
    if (result.ok) set({ next: result.value, nextLoading: false });
    else set({ next: null, nextError: result.error, nextLoading: false });
  },

  async generate() {
    const model = root().models.activeRef;
    if (!model) return set({ generated: [], generateError: { code: 'NO_MODEL', message: 'choose a model first (Models view)' } });
    const streamId = `gen-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    set({ generating: true, generated: [], generateError: null });
    void tokenizePrompt(model, get().text);
    const off = client.on('generate.token', (event) => {
      if (event.streamId === streamId && !event.done && event.text !== undefined) set((s) => ({ generated: [...s.generated, { text: event.text!, logprob: event.logprob ?? null }] }));
    });
    const { maxNewTokens, temperature, topK, seed } = get().settings;
    const result = await client.call('generate', { model, prompt: get().text, maxNewTokens, temperature, topK, seed, streamId });
    off();
    if (result.ok) {
      // The final text is authoritative (events may race the reply on some transports).
      set({ generating: false, generated: result.value.tokens ? result.value.tokens.map((t) => ({ text: t.text, logprob: t.logprob })) : [{ text: result.value.text, logprob: null }] });
    } else set({ generating: false, generated: [], generateError: result.error });
  },
};
};
