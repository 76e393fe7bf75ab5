import type { DownloadProgressEvent, ModelDetails, ModelEntry } from '../../../src-shared/api/models.ts';
import type { ApiError } from '../../../src-shared/api/result.ts';
import type { SliceCreator } from '../../state/slice.ts';

export interface ModelsSlice {
  models: ModelEntry[];
  /** The model every view uses (`default` when the embedded model exists). */
  activeRef: string | null;
  details: ModelDetails | null;
  loading: boolean;
  detailsError: ApiError | null;
  addError: ApiError | null;
  adding: boolean;
  download: { running: boolean; progress: DownloadProgressEvent | null; error: ApiError | null; done: string | null };
  refresh(): Promise<void>;
  select(ref: string): Promise<void>;
  /** Registers a folder; `dtype` picks the graph every load of the name uses (transformers.js's names). */
  add(dir: string, name?: string, dtype?: string): Promise<boolean>;
  downloadFromHub(repo: string, revision: string): Promise<void>;
}

/** Models: the list, the active model and its details (provider included), adding and downloading. */
export const createModelsSlice: SliceCreator<ModelsSlice> = ({ client, get, set, root }) => ({
  models: [],
  activeRef: null,
  details: null,
  loading: false,
  detailsError: null,
  addError: null,
  adding: false,
  download: { running: false, progress: null, error: null, done: null },

  async refresh() {
    set({ loading: true });
    const result = await client.call('models.list', {});
    if (!result.ok) {
      set({ loading: false });
      root().app.notifyError(result.error);
      return;
    }
    const { models, defaultRef } = result.value;
    const current = get().activeRef;
    const keep = current !== null && models.some((m) => m.ref === current);
    set({ models, loading: false });
    const next = keep ? current : (defaultRef ?? models.find((m) => m.available)?.ref ?? null);
    if (next !== null && (next !== current || get().details === null)) await get().select(next);
  },

  async select(ref) {
    set({ activeRef: ref, details: null, detailsError: null });
    const result = await client.call('models.info', { model: ref });
    if (get().activeRef !== ref) return;
    if (result.ok) set({ details: result.value });
    else set({ detailsError: result.error });
  },

  async add(dir, name, dtype) {
    set({ adding: true, addError: null });
    const result = await client.call('models.add', { dir, ...(name ? { name } : {}), ...(dtype ? { dtype } : {}) });
    if (!result.ok) {
      set({ adding: false, addError: result.error });
      return false;
    }
    set({ adding: false });
    root().app.notify('info', `Registered ${result.value.name}`);
    await get().refresh();
    return true;
  },

  async downloadFromHub(repo, revision) {
    const downloadId = `dl-${Date.now().toString(36)}`;
    set({ download: { running: true, progress: null, error: null, done: null } });
    const off = client.on('models.download.progress', (event) => {
      if (event.downloadId === downloadId) set((s) => ({ download: { ...s.download, progress: event } }));
    });
    const result = await client.call('models.download', { repo, revision, downloadId });
    off();
    if (result.ok) {
      set({ download: { running: false, progress: get().download.progress, error: null, done: result.value.entry.ref } });
      await get().refresh();
    } else {
      set({ download: { running: false, progress: get().download.progress, error: result.error, done: null } });
    }
  },
});
