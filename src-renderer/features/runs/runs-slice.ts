import type { ApiError } from '../../../src-shared/api/result.ts';
import type { ExportFormat, RunComparison, RunDetail, RunExport, RunListItem } from '../../../src-shared/api/runs.ts';
import type { SliceCreator } from '../../state/slice.ts';

export type { ExportFormat };

export interface RunsComparisonView extends RunComparison {
  /** Each compared run's conditions, for the overlaid distributions. */
  details: RunDetail[];
}

export interface RunsSlice {
  list: RunListItem[];
  loading: boolean;
  selected: string[];
  comparison: RunsComparisonView | null;
  comparing: boolean;
  compareError: ApiError | null;
  exporting: string | null;
  loadRuns(): Promise<void>;
  toggleSelected(runId: string): void;
  compare(): Promise<void>;
  /** The export file's text, for the view to save; null after an error (shown as a notice). */
  exportRun(runId: string, format: ExportFormat): Promise<RunExport | null>;
  /** Opens a run's charts in the Study view. */
  open(runId: string): Promise<void>;
  rename(runId: string, name: string): Promise<boolean>;
  setTags(runId: string, tags: string[]): Promise<boolean>;
  /** Deletes a run (the view asks for confirmation first). */
  remove(runId: string): Promise<boolean>;
}

/** Runs: the stored runs, a selection to compare side by side, and export. */
export const createRunsSlice: SliceCreator<RunsSlice> = ({ client, get, set, root }) => ({
  list: [],
  loading: false,
  selected: [],
  comparison: null,
  comparing: false,
  compareError: null,
  exporting: null,

  async loadRuns() {
    set({ loading: true });
    const result = await client.call('runs.list', {});
    if (!result.ok) {
      set({ loading: false });
      return root().app.notifyError(result.error);
    }
    const ids = new Set(result.value.map((r) => r.runId));
    set((s) => ({ list: result.value, loading: false, selected: s.selected.filter((id) => ids.has(id)) }));
  },

  toggleSelected(runId) {
    set((s) => ({ selected: s.selected.includes(runId) ? s.selected.filter((id) => id !== runId) : [...s.selected, runId] }));
  },

  async compare() {
    const runIds = get().selected;
    set({ comparing: true, compareError: null });
    const [comparison, ...details] = await Promise.all([
      client.call('runs.compare', { runIds }),
      ...runIds.map((runId) => client.call('runs.get', { runId })),
    ]);
    if (!comparison.ok) return set({ comparing: false, compareError: comparison.error, comparison: null });
    const failed = details.find((d) => !d.ok);
    if (failed && !failed.ok) return set({ comparing: false, compareError: failed.error, comparison: null });
    set({
      comparing: false,
      comparison: { ...(comparison.value as RunComparison), details: details.flatMap((d) => (d.ok ? [d.value as RunDetail] : [])) },
    });
  },

  async exportRun(runId, format) {
    set({ exporting: `${runId}:${format}` });
    const result = await client.call('runs.export', { runId, format });
    set({ exporting: null });
    if (!result.ok) {
      root().app.notifyError(result.error);
      return null;
    }
    return result.value;
  },

  async open(runId) {
    root().app.navigate('study');
    await root().study.showRun(runId);
  },

  async rename(runId, name) {
    const result = await client.call('runs.rename', { runId, name });
    if (!result.ok) return (root().app.notifyError(result.error), false);
    set((s) => ({ list: s.list.map((r) => (r.runId === runId ? { ...r, name: result.value.name } : r)) }));
    return true;
  },

  async setTags(runId, tags) {
    const result = await client.call('runs.tag', { runId, tags });
    if (!result.ok) return (root().app.notifyError(result.error), false);
    set((s) => ({ list: s.list.map((r) => (r.runId === runId ? { ...r, tags: result.value.tags } : r)) }));
    return true;
  },

  async remove(runId) {
    const result = await client.call('runs.delete', { runId });
    if (!result.ok) return (root().app.notifyError(result.error), false);
    // A comparison or result that included the run would now describe a run that no longer exists.
    set((s) => ({ list: s.list.filter((r) => r.runId !== runId), selected: s.selected.filter((id) => id !== runId), comparison: s.comparison?.runs.some((r) => r.item.runId === runId) ? null : s.comparison }));
    if (root().study.result?.detail.item.runId === runId) root().study.clearResult();
    return true;
  },
});
