import type { AppInfo } from '../../src-shared/api/contract.ts';
import type { ApiError } from '../../src-shared/api/result.ts';
import type { ConnectionStatus } from '../api/connect.ts';
import type { SliceCreator } from './slice.ts';

export type ViewId = 'models' | 'prompt' | 'examples' | 'study' | 'runs' | 'attention' | 'tokens' | 'finetune' | 'fill-mask';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface AppSlice {
  view: ViewId;
  connection: ConnectionStatus;
  info: AppInfo | null;
  notices: Notice[];
  navigate(view: ViewId): void;
  setConnection(status: ConnectionStatus): void;
  loadInfo(): Promise<void>;
  /** Shows an error or message in the shell's notice area until dismissed. */
  notify(kind: Notice['kind'], text: string): void;
  notifyError(error: ApiError): void;
  dismiss(id: number): void;
}

let nextNoticeId = 1;

/** Navigation, connection state and the notices every view can raise. */
export const createAppSlice: SliceCreator<AppSlice> = ({ client, get, set }) => ({
  view: viewFromHash(),
  connection: 'connecting',
  info: null,
  notices: [],
  navigate(view) {
    if (typeof window !== 'undefined') window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${view}`);
    set({ view });
  },
  setConnection(connection) {
    set({ connection });
  },
  async loadInfo() {
    const result = await client.call('app.info', {});
    if (result.ok) set({ info: result.value, connection: 'open' });
    else get().notifyError(result.error);
  },
  notify(kind, text) {
    set((s) => ({ notices: [...s.notices.slice(-4), { id: nextNoticeId++, kind, text }] }));
  },
  notifyError(error) {
    get().notify('error', `${error.message} (${error.code})`);
  },
  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
});

const VIEWS: ViewId[] = ['models', 'prompt', 'examples', 'study', 'runs', 'attention', 'tokens', 'finetune'];

function viewFromHash(): ViewId {
  if (typeof window === 'undefined') return 'models';
  const hash = window.location.hash.replace('#', '');
  return (VIEWS as string[]).includes(hash) ? (hash as ViewId) : 'models';
}
