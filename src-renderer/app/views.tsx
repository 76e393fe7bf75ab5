import type { ReactNode } from 'react';
import type { ViewId } from '../state/app-slice.ts';
import { AttentionView } from '../features/attention/attention-view.tsx';
import { ModelsView } from '../features/models/models-view.tsx';
import { TokensView } from '../features/tokens/tokens-view.tsx';
import { PendingView } from './pending-view.tsx';

/**
 * The views in navigation order. A feature registers its view here with one line, e.g.
 * `{ id: 'prompt', title: 'Prompt', render: () => <PromptView /> }` from
 * `features/prompt/prompt-view.tsx`.
 */
export const views: { id: ViewId; title: string; render: () => ReactNode }[] = [
  { id: 'models', title: 'Models', render: () => <ModelsView /> },
  { id: 'prompt', title: 'Prompt', render: () => <PendingView title="Prompt" /> },
  { id: 'examples', title: 'Examples', render: () => <PendingView title="Examples" /> },
  { id: 'study', title: 'Study', render: () => <PendingView title="Study" /> },
  { id: 'runs', title: 'Runs', render: () => <PendingView title="Runs" /> },
  { id: 'attention', title: 'Attention', render: () => <AttentionView /> },
  { id: 'tokens', title: 'Tokens', render: () => <TokensView /> },
];
