import type { ApiError } from '../../../src-shared/api/result.ts';
import type { ScoreLabelsResult, TokenizeResult } from '../../../src-shared/api/tokens.ts';
import type { SliceCreator } from '../../state/slice.ts';
import { defaultLabelWords, renderPrompt, type PromptSettings, type RenderedPrompt } from './render-prompt.ts';

export interface PromptSlice extends PromptSettings {
  /** Labels the words were last aligned with (the active dataset's). */
  labels: string[];
  tokens: TokenizeResult | null;
  /** Tokens of exactly this text are in `tokens`; stale when the prompt changed since. */
  tokenizedText: string;
  labelScores: ScoreLabelsResult | null;
  previewError: ApiError | null;
  previewLoading: boolean;
  setInstruction(text: string): void;
  setTemplate(text: string): void;
  setSeparator(text: string): void;
  setLabelWords(label: string, words: string[]): void;
  /** Replaces the task with a stored run's (copy into the form). */
  applyTask(task: PromptSettings): void;
  /** Adds words for labels the active dataset has and the prompt does not (keeps edited ones). */
  alignLabels(labels: readonly string[]): void;
  /** The prompt for the current demonstrations and the first other row as the query. */
  rendered(): RenderedPrompt;
  /** Tokenizes the rendered prompt and scores the label words after it (token splits -> warnings). */
  refreshPreview(): Promise<void>;
}

/**
 * Prompt editor state: the task (instruction, template, separator, label words) and the live
 * tokenization of the rendered prompt. The Study view builds its experiment from these fields.
 */
export const createPromptSlice: SliceCreator<PromptSlice> = ({ client, get, set, root }) => ({
  instruction: '',
  template: 'Review: {{input}}\nSentiment: {{label}}',
  separator: '\n\n',
  labelWords: {},
  labels: [],
  tokens: null,
  tokenizedText: '',
  labelScores: null,
  previewError: null,
  previewLoading: false,

  setInstruction(instruction) {
    set({ instruction });
  },
  setTemplate(template) {
    set({ template });
  },
  setSeparator(separator) {
    set({ separator });
  },
  setLabelWords(label, words) {
    set((s) => ({ labelWords: { ...s.labelWords, [label]: words } }));
  },
  applyTask(task) {
    set({ instruction: task.instruction, template: task.template, separator: task.separator, labelWords: task.labelWords, labels: Object.keys(task.labelWords) });
  },
  alignLabels(labels) {
    const current = get().labelWords;
    const defaults = defaultLabelWords(labels);
    const next: Record<string, string[]> = {};
    for (const label of labels) next[label] = current[label]?.length ? current[label] : defaults[label];
    set({ labelWords: next, labels: [...labels] });
  },

  rendered() {
    const examples = root().examples;
    const dataset = examples.datasets.find((d) => d.datasetId === examples.activeId);
    const demoIds = new Set(examples.demonstrations.map((d) => d.id));
    const query = examples.rows.find((r) => !demoIds.has(r.id)) ?? null;
    return renderPrompt(get(), examples.demonstrations, query, dataset?.fields ?? ['input']);
  },

  async refreshPreview() {
    const model = root().models.activeRef;
    const { text, problems } = get().rendered();
    if (!model || problems.length > 0 || text.length === 0) {
      set({ tokens: null, tokenizedText: '', labelScores: null, previewLoading: false, previewError: null });
      return;
    }
    set({ previewLoading: true });
    const words = [...new Set(Object.values(get().labelWords).flat())];
    const [tokens, scores] = await Promise.all([
      client.call('tokenize', { model, text }),
      words.length > 0 ? client.call('scoreLabels', { model, prompt: text, labels: words }) : Promise.resolve(null),
    ]);
    // A newer edit already asked again; its answer wins.
    if (get().rendered().text !== text) return;
    if (!tokens.ok) return set({ previewLoading: false, previewError: tokens.error, tokens: null, tokenizedText: '', labelScores: null });
    if (scores && !scores.ok) return set({ previewLoading: false, previewError: scores.error, tokens: tokens.value, tokenizedText: text, labelScores: null });
    set({ tokens: tokens.value, tokenizedText: text, labelScores: scores?.ok ? scores.value : null, previewError: null, previewLoading: false });
  },
});
