import { createRng } from '../rng/index.ts';
import { permutationCount } from '../sampling/permutations.ts';
import type { ExperimentSpec } from './experiment-schema.ts';

/**
 * The design of a study (CONTRACT.md "Design axes"): the list-valued fields of the experiment file
 * crossed with each other, then with seeds and orders, in ONE run.
 *
 * A cell is one combination of axis values (one value per axis); a condition is (seed, cell,
 * order). Cells are numbered in the cartesian order of AXIS_NAMES, the last axis varying fastest,
 * so cell i names the same combination wherever the same file is read. A file without list-valued
 * fields has one cell (index 0) and no axes: the study it always was.
 */
export const AXIS_NAMES = ['shots', 'template', 'labelWords', 'labelCorruption'] as const;
export type AxisName = (typeof AXIS_NAMES)[number];

export type LabelWordsValue = Record<string, string[]>;
export type AxisValue = number | string | LabelWordsValue;

export interface DesignAxis {
  name: AxisName;
  values: AxisValue[];
  /** One readable label per value: what the summary, the export's `axes` and the UI show. */
  labels: string[];
}

export interface DesignCell {
  index: number;
  /** axis -> index of its value in the axis's `values`. */
  levels: Partial<Record<AxisName, number>>;
}

/** The readable label of a verbalizer: `0: terrible/bad; 1: great` in class order. */
export function labelWordsLabel(words: LabelWordsValue): string {
  return Object.entries(words)
    .map(([cls, list]) => `${cls}: ${list.join('/')}`)
    .join('; ');
}

/** What designAxes reads of a spec (shots may still be a list here). */
export interface DesignSource {
  shots: number | number[];
  templates?: string[];
  labelWords?: LabelWordsValue[];
  labelCorruption?: number[];
}

/** The axes of a study: every list-valued design field, in AXIS_NAMES order. */
export function designAxes(spec: DesignSource): DesignAxis[] {
  const axes: DesignAxis[] = [];
  if (Array.isArray(spec.shots)) axes.push({ name: 'shots', values: spec.shots, labels: spec.shots.map(String) });
  if (spec.templates) axes.push({ name: 'template', values: spec.templates, labels: spec.templates });
  if (spec.labelWords) axes.push({ name: 'labelWords', values: spec.labelWords, labels: spec.labelWords.map(labelWordsLabel) });
  if (spec.labelCorruption) axes.push({ name: 'labelCorruption', values: spec.labelCorruption, labels: spec.labelCorruption.map(String) });
  return axes;
}

/** The axes of a normalised spec; runs stored before design axes existed have none. */
export function specAxes(spec: ExperimentSpec): DesignAxis[] {
  return spec.design ? designAxes(spec.design) : [];
}

/** Every cell of the design, the last axis varying fastest; one empty cell without axes. */
export function designCells(axes: readonly DesignAxis[]): DesignCell[] {
  let cells: Partial<Record<AxisName, number>>[] = [{}];
  for (const axis of axes) cells = cells.flatMap((levels) => axis.values.map((_, i) => ({ ...levels, [axis.name]: i })));
  return cells.map((levels, index) => ({ index, levels }));
}

/** A cell's axis values by label (axis name -> label), as the summary and export show them. */
export function cellLabels(axes: readonly DesignAxis[], cell: DesignCell): Record<string, string> {
  return Object.fromEntries(axes.map((axis) => [axis.name, axis.labels[cell.levels[axis.name]!]]));
}

/** A study's spec for one cell: its shots, template and label words in place of the lists. */
export function cellSpec(spec: ExperimentSpec, cell: DesignCell): ExperimentSpec {
  const axes = specAxes(spec);
  const value = (name: AxisName) => {
    const axis = axes.find((a) => a.name === name);
    return axis ? axis.values[cell.levels[name]!] : undefined;
  };
  const shots = value('shots') as number | undefined;
  const template = value('template') as string | undefined;
  const labels = value('labelWords') as LabelWordsValue | undefined;
  return {
    ...spec,
    shots: shots ?? spec.shots,
    task: { ...spec.task, ...(template !== undefined ? { template } : {}), ...(labels ? { labels } : {}) },
  };
}

/** The corruption rate of a cell (0 without a labelCorruption axis). */
export function cellCorruption(spec: ExperimentSpec, cell: DesignCell): number {
  const rates = spec.design?.labelCorruption;
  return rates ? rates[cell.levels.labelCorruption!] : 0;
}

/** One demonstration whose shown label is not its gold one. */
export interface CorruptedDemo {
  exampleId: string;
  gold: string;
  shown: string;
}

/**
 * Which demonstrations of a seed's draw show a wrong label at corruption rate `rate`, and which.
 *
 * round(rate x k) of the k demonstrations are corrupted (half rounds up). They are the first of a
 * seeded shuffle of the draw (seed, shots), so the corrupted sets are nested: every demonstration
 * corrupted at 0.25 is corrupted at 0.5 too, with the same shown label. `flip` shows the next
 * class in task.labels order (cyclically: a fixed derangement, the other class when there are two);
 * `random` shows a class drawn uniformly from all classes, which may be the gold one (Min et al.
 * 2022's random labels), so a random-corrupted demonstration can show its gold label; those are
 * recorded too, with shown = gold.
 */
export function corruptDemonstrations(
  demos: readonly { id: string; label: string }[],
  classes: readonly string[],
  rate: number,
  mode: 'flip' | 'random',
  seed: number,
): CorruptedDemo[] {
  const count = Math.floor(rate * demos.length + 0.5);
  if (count === 0) return [];
  // Streams apart from the demonstration draw's: the seed mixed with a constant for this purpose.
  const rng = createRng(seed * 7919 + 104729);
  const positions = rng.shuffle(demos.map((_, i) => i));
  const shownRng = createRng(seed * 7919 + 130363);
  const shownIndex = positions.map(() => shownRng.int(classes.length));
  return positions.slice(0, count).map((position, j) => {
    const demo = demos[position];
    const gold = classes.indexOf(demo.label);
    const shown = mode === 'flip' ? classes[(gold + 1) % classes.length] : classes[shownIndex[j]];
    return { exampleId: demo.id, gold: demo.label, shown };
  });
}

/** Every (seed, cell, order) of the full design, in design order (seed, then cell, then order). */
export interface DesignPoint {
  seed: number;
  cell: number;
  orderIndex: number;
}

/**
 * The conditions a study scores: all of them, or `budget.conditions` drawn without replacement,
 * seeded by `budget.seed`, then put back in design order. The summary says it is a sample.
 */
export function sampleDesign(points: readonly DesignPoint[], budget: { conditions: number; seed: number } | undefined): DesignPoint[] {
  if (!budget || budget.conditions >= points.length) return [...points];
  const chosen = new Set(createRng(budget.seed).sample(points.map((_, i) => i), budget.conditions));
  return points.filter((_, i) => chosen.has(i));
}

/** How many orders a cell of `shots` demonstrations scores under `orders`. */
export function ordersPerCell(orders: ExperimentSpec['orders'], shots: number): number {
  if (orders === 'first') return 1;
  if (orders === 'all') return permutationCount(shots);
  return orders.sample;
}

/** Conditions of the full design: seeds x (sum over cells of the cell's orders). */
export function designSize(spec: ExperimentSpec): number {
  const cells = designCells(specAxes(spec));
  return spec.seeds.length * cells.reduce((n, cell) => n + ordersPerCell(spec.orders, cellSpec(spec, cell).shots), 0);
}
