import { lazy, type ReactNode } from 'react';
import type { ViewId } from '../state/app-slice.ts';
import { ModelsView } from '../features/models/models-view.tsx';

/**
 * Views other than the first are loaded when first opened (their own chunks: Monaco, ECharts), so
 * the window shows quickly and parsing megabytes of script never blocks the page at start-up.
 */
const AttentionView = lazy(() => import('../features/attention/attention-view.tsx').then((m) => ({ default: m.AttentionView })));
const ExamplesView = lazy(() => import('../features/examples/examples-view.tsx').then((m) => ({ default: m.ExamplesView })));
const FinetuneView = lazy(() => import('../features/finetune/finetune-view.tsx').then((m) => ({ default: m.FinetuneView })));
const PromptView = lazy(() => import('../features/prompt/prompt-view.tsx').then((m) => ({ default: m.PromptView })));
const RunsView = lazy(() => import('../features/runs/runs-view.tsx').then((m) => ({ default: m.RunsView })));
const StudyView = lazy(() => import('../features/study/study-view.tsx').then((m) => ({ default: m.StudyView })));
const FillMaskView = lazy(() => import('../features/fill-mask/fill-mask-view.tsx').then((m) => ({ default: m.FillMaskView })));
const TokensView = lazy(() => import('../features/tokens/tokens-view.tsx').then((m) => ({ default: m.TokensView })));

/**
 * The views in navigation order. A feature registers its view here with one line, e.g.
 * `{ id: 'prompt', title: 'Prompt', render: () => <PromptView /> }` from
 * `features/prompt/prompt-view.tsx`.
 */
export const views: { id: ViewId; title: string; render: () => ReactNode }[] = [
  { id: 'models', title: 'Models', render: () => <ModelsView /> },
  { id: 'prompt', title: 'Prompt', render: () => <PromptView /> },
  { id: 'examples', title: 'Examples', render: () => <ExamplesView /> },
  { id: 'study', title: 'Study', render: () => <StudyView /> },
  { id: 'runs', title: 'Runs', render: () => <RunsView /> },
  { id: 'finetune', title: 'Fine-tuning', render: () => <FinetuneView /> },
  { id: 'attention', title: 'Attention', render: () => <AttentionView /> },
  { id: 'tokens', title: 'Tokens', render: () => <TokensView /> },
  { id: 'fill-mask', title: 'Fill mask', render: () => <FillMaskView /> },
];
