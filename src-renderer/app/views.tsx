import type { ReactNode } from 'react';
import type { ViewId } from '../state/app-slice.ts';
import { AttentionView } from '../features/attention/attention-view.tsx';
import { ExamplesView } from '../features/examples/examples-view.tsx';
import { FinetuneView } from '../features/finetune/finetune-view.tsx';
import { ModelsView } from '../features/models/models-view.tsx';
import { PromptView } from '../features/prompt/prompt-view.tsx';
import { RunsView } from '../features/runs/runs-view.tsx';
import { StudyView } from '../features/study/study-view.tsx';
import { TokensView } from '../features/tokens/tokens-view.tsx';

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
];
