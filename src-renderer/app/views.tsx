import { lazy, type ReactNode } from 'react';
import type { ViewId } from '../state/app-slice.ts';
import { ModelsView } from '../features/models/models-view.tsx';

/**
 * Views other than the first are loaded when first opened (their own chunks: Monaco, ECharts), so
 * the window shows quickly and parsing megabytes of script never blocks the page at start-up.
 * Each chunk is also fetched and evaluated during idle time after start-up (preloadViews), one per
 * idle period, so that opening a view later (while a study runs) does not evaluate megabytes of
 * script in the click's task.
 */
const loaders = {
  attention: () => import('../features/attention/attention-view.tsx'),
  examples: () => import('../features/examples/examples-view.tsx'),
  finetune: () => import('../features/finetune/finetune-view.tsx'),
  prompt: () => import('../features/prompt/prompt-view.tsx'),
  runs: () => import('../features/runs/runs-view.tsx'),
  study: () => import('../features/study/study-view.tsx'),
  fillMask: () => import('../features/fill-mask/fill-mask-view.tsx'),
  tokens: () => import('../features/tokens/tokens-view.tsx'),
};

const AttentionView = lazy(() => loaders.attention().then((m) => ({ default: m.AttentionView })));
const ExamplesView = lazy(() => loaders.examples().then((m) => ({ default: m.ExamplesView })));
const FinetuneView = lazy(() => loaders.finetune().then((m) => ({ default: m.FinetuneView })));
const PromptView = lazy(() => loaders.prompt().then((m) => ({ default: m.PromptView })));
const RunsView = lazy(() => loaders.runs().then((m) => ({ default: m.RunsView })));
const StudyView = lazy(() => loaders.study().then((m) => ({ default: m.StudyView })));
const FillMaskView = lazy(() => loaders.fillMask().then((m) => ({ default: m.FillMaskView })));
const TokensView = lazy(() => loaders.tokens().then((m) => ({ default: m.TokensView })));

/**
 * Loads every view's chunk, one per idle period (requestIdleCallback, with a timer where it is
 * missing), smallest first, then warms ECharts (chart-warmup.ts). Resolves when all are loaded; `window.__promptscopeViewsLoaded` is set
 * then, so a test can tell start-up work from the work it measures. Chunks the user opened first are
 * cached by the module loader, so nothing is evaluated twice.
 */
export async function preloadViews(): Promise<void> {
  const idle = () => new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 2000 }) : setTimeout(resolve, 50)));
  const order: (keyof typeof loaders)[] = ['runs', 'finetune', 'tokens', 'fillMask', 'examples', 'attention', 'study', 'prompt'];
  for (const name of order) {
    await idle();
    await loaders[name]().catch(() => undefined);
  }
  // ECharts' code compiled too (one small chart of each kind), so the first results page is not slower than the next.
  await import('../components/chart-warmup.ts').then((m) => m.warmUpCharts()).catch(() => undefined);
  window.__promptscopeViewsLoaded = true;
}

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

declare global {
  interface Window {
    /** Set once every view's code is loaded (preloadViews); the responsiveness test waits for it. */
    __promptscopeViewsLoaded?: boolean;
  }
}
