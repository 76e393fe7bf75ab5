/**
 * A stored run's spec back into the Study form, the Prompt view's task and the Examples pins:
 * "copy into the form", the inverse of buildExperimentSpec. What cannot be carried over (a data
 * file that is not an imported dataset) is named in the notes, never silently replaced.
 */
import type { DatasetSummary } from '../../../src-shared/api/datasets.ts';
import type { PromptSettings } from '../prompt/render-prompt.ts';
import { CALIBRATION_METHODS, type StudyConfig } from './study-config.ts';

interface StoredSpec {
  name?: string;
  model?: string;
  data?: { train?: { path?: string }; test?: { path?: string; sample?: number; seed?: number } };
  task?: { instruction?: string; template?: string; separator?: string; labels?: Record<string, string | string[]> };
  shots?: number;
  seeds?: number[];
  sampling?: 'uniform' | 'balanced';
  orders?: 'all' | 'first' | { sample: number; seed?: number };
  calibration?: string[];
  contentFree?: string[];
  labelMode?: StudyConfig['labelMode'];
  contextPolicy?: StudyConfig['contextPolicy'];
  demonstrations?: { pinned?: string[]; excluded?: string[] };
  probing?: { source?: string };
}

export interface FormFromSpec {
  config: StudyConfig;
  prompt: PromptSettings | null;
  model: string | null;
  trainDatasetId: string | null;
  demonstrations: { pinned: string[]; excluded: string[] } | null;
  /** What could not be carried over, one line each. */
  notes: string[];
}

export function specToForm(stored: unknown, datasets: readonly DatasetSummary[], current: StudyConfig): FormFromSpec {
  const spec = (stored ?? {}) as StoredSpec;
  const notes: string[] = [];
  const byPath = (p: string | undefined, role: string) => {
    const found = p ? datasets.find((d) => d.path === p) : undefined;
    if (p && !found) notes.push(`${role}: ${p} is not an imported dataset here; import it in Examples and choose it`);
    return found?.datasetId ?? null;
  };
  const trainDatasetId = byPath(spec.data?.train?.path, 'Demonstrations from');
  if (spec.probing?.source === 'generated') notes.push('Probing set: this run generated its probing set (Lu et al. 2022), which this form cannot set; a study from the form measures GlobalE / LocalE on the test inputs');
  const testDatasetId = byPath(spec.data?.test?.path, 'Test examples from');
  const orders = spec.orders ?? 'first';
  const config: StudyConfig = {
    ...current,
    name: `${spec.name ?? current.name} (copy)`,
    trainDatasetId,
    testDatasetId,
    testSample: spec.data?.test?.sample ?? null,
    testSeed: spec.data?.test?.seed ?? 0,
    shots: spec.shots ?? current.shots,
    seedsText: (spec.seeds ?? []).join(', ') || current.seedsText,
    sampling: spec.sampling ?? 'uniform',
    orders: typeof orders === 'object' ? 'sample' : orders,
    orderSample: typeof orders === 'object' ? orders.sample : current.orderSample,
    orderSeed: typeof orders === 'object' ? (orders.seed ?? 0) : current.orderSeed,
    calibration: (spec.calibration ?? current.calibration).filter((m) => (CALIBRATION_METHODS as readonly string[]).includes(m)),
    contentFreeText: spec.contentFree ? spec.contentFree.join('\n') : current.contentFreeText,
    labelMode: spec.labelMode ?? current.labelMode,
    contextPolicy: spec.contextPolicy ?? current.contextPolicy,
  };
  const task = spec.task;
  const prompt: PromptSettings | null = task?.template
    ? {
        instruction: task.instruction ?? '',
        template: task.template,
        separator: task.separator ?? '\n\n',
        labelWords: Object.fromEntries(Object.entries(task.labels ?? {}).map(([label, words]) => [label, Array.isArray(words) ? [...words] : [words]])),
      }
    : null;
  const pins = spec.demonstrations;
  return {
    config,
    prompt,
    model: spec.model ?? null,
    trainDatasetId,
    demonstrations: pins && trainDatasetId ? { pinned: pins.pinned ?? [], excluded: pins.excluded ?? [] } : null,
    notes,
  };
}
