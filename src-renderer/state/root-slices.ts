import { createAttentionSlice } from '../features/attention/attention-slice.ts';
import { createModelsSlice } from '../features/models/models-slice.ts';
import { createTokensSlice } from '../features/tokens/tokens-slice.ts';
import { createExamplesSlice } from '../features/examples/examples-slice.ts';
import { createPromptSlice } from '../features/prompt/prompt-slice.ts';
import { createRunsSlice } from '../features/runs/runs-slice.ts';
import { createConditionSlice } from '../features/study/condition-slice.ts';
import { createStudySlice } from '../features/study/study-slice.ts';
import { createFinetuneSlice } from '../features/finetune/finetune-slice.ts';
import { createInsideSlice } from '../features/inside/inside-slice.ts';
import { createFillMaskSlice } from '../features/fill-mask/fill-mask-slice.ts';
import { createAppSlice } from './app-slice.ts';
import type { SliceCreator } from './slice.ts';

/**
 * Every slice of the store, by key. A feature adds its slice here with one line:
 * `prompt: createPromptSlice,` (from `features/prompt/prompt-slice.ts`), and reads it with
 * `useAppState((s) => s.prompt)`.
 */
export const sliceCreators = {
  app: createAppSlice,
  models: createModelsSlice,
  tokens: createTokensSlice,
  attention: createAttentionSlice,
  prompt: createPromptSlice,
  examples: createExamplesSlice,
  study: createStudySlice,
  condition: createConditionSlice,
  runs: createRunsSlice,
  finetune: createFinetuneSlice,
  inside: createInsideSlice,
  fillMask: createFillMaskSlice,
};

type SliceState<C> = C extends SliceCreator<infer S> ? S : never;

export type RootState = { [K in keyof typeof sliceCreators]: SliceState<(typeof sliceCreators)[K]> };
