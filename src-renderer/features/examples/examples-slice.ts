import type { DatasetColumns, DatasetFormat, DatasetRow, DatasetSummary } from './dataset-types.ts';
import { SAMPLING_MODES, type DemonstrationSamplingMode } from '../../../src-shared/sampling/demonstrations.ts';
import type { ApiError } from '../../../src-shared/api/result.ts';
import type { SliceCreator } from '../../state/slice.ts';
import { parseSeeds, type StudyConfig } from '../study/study-config.ts';

/**
 * How demonstrations are drawn: the study's own shots, seeds and sampling (one state, kept in the
 * study form's config, so what the Examples page shows is what a study runs), and which of the
 * study's seeds the Examples and Prompt views preview.
 */
export interface SamplingSettings {
  shots: number;
  /** The study's seeds as typed ("0, 1, 2", "0-4"). */
  seedsText: string;
  /** The previewed seed: one of the study's seeds. */
  seed: number;
  /** A study may also draw as Zhao et al.'s code does (zhao2021, from a copied run), which the preview cannot draw. */
  sampling: StudyConfig['sampling'];
}

/** The sampling settings the Examples view shows, read from the study's config and the previewed seed. */
export function samplingSettings(config: Pick<StudyConfig, 'shots' | 'seedsText' | 'sampling'>, chosenSeed: number): SamplingSettings {
  const { shots, seedsText, sampling } = config;
  return { shots, seedsText, sampling, seed: previewSeed(seedsText, chosenSeed) };
}

/** The previewed seed: the one chosen when it is among the study's seeds, else the study's first seed. */
export function previewSeed(seedsText: string, chosen: number): number {
  let seeds: number[];
  try {
    seeds = parseSeeds(seedsText);
  } catch {
    return chosen;
  }
  return seeds.includes(chosen) ? chosen : seeds[0];
}

/** What the import form sends: a path the backend reads, or a file's text from the page. */
export type ImportSource = { kind: 'path'; path: string } | { kind: 'text'; text: string; fileName: string };

export interface ExamplesSlice {
  datasets: DatasetSummary[];
  activeId: string | null;
  /** The page of rows on screen. */
  rows: DatasetRow[];
  /** Rows matching the search and label filter. */
  total: number;
  offset: number;
  pageSize: number;
  search: string;
  label: string | null;
  rowsLoading: boolean;
  importing: boolean;
  importError: ApiError | null;
  /** Per dataset: ids always used as demonstrations / never drawn. */
  pinned: Record<string, string[]>;
  excluded: Record<string, string[]>;
  /** Which of the study's seeds is previewed (see samplingSettings). */
  previewSeed: number;
  demonstrations: DatasetRow[];
  sampleError: ApiError | null;
  loadDatasets(): Promise<void>;
  importDataset(source: ImportSource, format: DatasetFormat, columns?: DatasetColumns, name?: string): Promise<boolean>;
  select(datasetId: string): Promise<void>;
  removeDataset(datasetId: string): Promise<void>;
  loadRows(patch?: { offset?: number; search?: string; label?: string | null }): Promise<void>;
  togglePinned(rowId: string): void;
  /** Replaces a dataset's pins and exclusions (copy a run's into the form). */
  setPins(datasetId: string, pinned: string[], excluded: string[]): void;
  toggleExcluded(rowId: string): void;
  /** Sets shots, seeds or sampling (in the study's config) or the previewed seed, and draws again. */
  setSettings(patch: Partial<SamplingSettings>): void;
  /** A settings field that is not acceptable as typed: no demonstrations are drawn until it is. */
  setSettingsProblem(problem: string | null): void;
  sampleDemonstrations(): Promise<void>;
}

/**
 * Examples: imported datasets, the browsed page (paged in the backend, so 7,000 rows cost one
 * page), pins and exclusions, and the demonstrations drawn by seed that the prompt editor shows.
 */
export const createExamplesSlice: SliceCreator<ExamplesSlice> = ({ client, get, set, root }) => ({
  datasets: [],
  activeId: null,
  rows: [],
  total: 0,
  offset: 0,
  pageSize: 50,
  search: '',
  label: null,
  rowsLoading: false,
  importing: false,
  importError: null,
  pinned: {},
  excluded: {},
  previewSeed: 0,
  demonstrations: [],
  sampleError: null,

  async loadDatasets() {
    const result = await client.call('datasets.list', {});
    if (!result.ok) return root().app.notifyError(result.error);
    set({ datasets: result.value });
    const active = get().activeId;
    if ((active === null || !result.value.some((d) => d.datasetId === active)) && result.value.length > 0) {
      await get().select(result.value[result.value.length - 1].datasetId);
    } else if (active !== null && get().rows.length === 0) {
      // A selection restored after a reload: load its page and draw, keeping its pins and settings.
      const dataset = result.value.find((d) => d.datasetId === active);
      if (dataset) root().prompt.alignLabels(Object.keys(dataset.labels));
      await get().loadRows();
      await get().sampleDemonstrations();
    }
  },

  async importDataset(source, format, columns, name) {
    set({ importing: true, importError: null });
    const base = source.kind === 'path' ? { path: source.path } : { text: source.text, fileName: source.fileName };
    const result = await client.call('datasets.import', { ...base, format, ...(columns ? { columns } : {}), ...(name ? { name } : {}) });
    if (!result.ok) {
      set({ importing: false, importError: result.error });
      return false;
    }
    set((s) => ({ importing: false, datasets: [...s.datasets.filter((d) => d.datasetId !== result.value.datasetId), result.value] }));
    await get().select(result.value.datasetId);
    return true;
  },

  async select(datasetId) {
    set({ activeId: datasetId, offset: 0, search: '', label: null, demonstrations: [], sampleError: null });
    // The prompt's label words follow the dataset's classes (kept where already written).
    const dataset = get().datasets.find((d) => d.datasetId === datasetId);
    if (dataset) root().prompt.alignLabels(Object.keys(dataset.labels));
    await get().loadRows();
    await get().sampleDemonstrations();
  },

  async removeDataset(datasetId) {
    const result = await client.call('datasets.remove', { datasetId });
    if (!result.ok) return root().app.notifyError(result.error);
    set((s) => ({ datasets: s.datasets.filter((d) => d.datasetId !== datasetId), activeId: s.activeId === datasetId ? null : s.activeId }));
    if (get().activeId === null) {
      set({ rows: [], total: 0, demonstrations: [] });
      const next = get().datasets.at(-1);
      if (next) await get().select(next.datasetId);
    }
  },

  async loadRows(patch = {}) {
    const datasetId = get().activeId;
    if (!datasetId) return;
    const next = { offset: patch.offset ?? get().offset, search: patch.search ?? get().search, label: patch.label === undefined ? get().label : patch.label };
    // A new filter starts from the first page.
    if (patch.search !== undefined || patch.label !== undefined) next.offset = patch.offset ?? 0;
    set({ ...next, rowsLoading: true });
    const result = await client.call('datasets.rows', {
      datasetId,
      offset: next.offset,
      limit: get().pageSize,
      search: next.search,
      ...(next.label !== null ? { label: next.label } : {}),
    });
    // Drop answers to superseded requests (fast typing in the search box).
    const now = get();
    if (now.activeId !== datasetId || now.offset !== next.offset || now.search !== next.search || now.label !== next.label) return;
    if (!result.ok) {
      set({ rowsLoading: false });
      return root().app.notifyError(result.error);
    }
    set({ rows: result.value.rows, total: result.value.total, rowsLoading: false });
  },

  togglePinned(rowId) {
    const id = get().activeId;
    if (!id) return;
    set((s) => ({
      pinned: { ...s.pinned, [id]: toggle(s.pinned[id] ?? [], rowId) },
      excluded: { ...s.excluded, [id]: (s.excluded[id] ?? []).filter((x) => x !== rowId) },
    }));
    void get().sampleDemonstrations();
  },

  setPins(datasetId, pinned, excluded) {
    set((s) => ({ pinned: { ...s.pinned, [datasetId]: [...pinned] }, excluded: { ...s.excluded, [datasetId]: [...excluded] } }));
    if (get().activeId === datasetId) void get().sampleDemonstrations();
  },

  toggleExcluded(rowId) {
    const id = get().activeId;
    if (!id) return;
    set((s) => ({
      excluded: { ...s.excluded, [id]: toggle(s.excluded[id] ?? [], rowId) },
      pinned: { ...s.pinned, [id]: (s.pinned[id] ?? []).filter((x) => x !== rowId) },
    }));
    void get().sampleDemonstrations();
  },

  setSettings({ seed, ...study }) {
    if (seed !== undefined) set({ previewSeed: seed });
    // The study's setConfig draws again when shots, seeds or sampling change.
    if (Object.keys(study).length > 0) root().study.setConfig(study);
    else void get().sampleDemonstrations();
  },

  setSettingsProblem(problem) {
    if (problem === null) return void get().sampleDemonstrations();
    // The previous draw no longer matches what the form shows: drop it rather than keep it on screen.
    set({ demonstrations: [], sampleError: { code: 'FORM', message: problem } });
  },

  async sampleDemonstrations() {
    const datasetId = get().activeId;
    if (!datasetId) return;
    const { shots, seed, sampling } = samplingSettings(root().study.config, get().previewSeed);
    if (!isPreviewMode(sampling)) {
      return set({ demonstrations: [], sampleError: { code: 'FORM', message: `The study draws demonstrations as ${sampling} (numpy's draws in the study runner); the Examples page previews uniform and class-balanced draws only.` } });
    }
    // The classes in the study's order (its label words' order), so a balanced draw is the study's draw.
    const dataset = get().datasets.find((d) => d.datasetId === datasetId);
    const classes = dataset ? Object.keys(root().prompt.labelWords).filter((l) => l in dataset.labels) : [];
    const complete = dataset !== undefined && classes.length === Object.keys(dataset.labels).length;
    const request = { datasetId, shots, seed, sampling, pinned: get().pinned[datasetId] ?? [], excluded: get().excluded[datasetId] ?? [], ...(complete ? { classes } : {}) };
    set({ sampleError: null });
    const result = await client.call('datasets.sample', request);
    const now = get();
    const current = samplingSettings(root().study.config, get().previewSeed);
    if (now.activeId !== datasetId || current.shots !== shots || current.seed !== seed || current.sampling !== sampling) return;
    if (!result.ok) return set({ sampleError: result.error, demonstrations: [] });
    set({ demonstrations: result.value.demonstrations, sampleError: null });
  },
});

function isPreviewMode(mode: string): mode is DemonstrationSamplingMode {
  return (SAMPLING_MODES as readonly string[]).includes(mode);
}

function toggle(list: readonly string[], id: string): string[] {
  return list.includes(id) ? list.filter((x) => x !== id) : [...list, id];
}
