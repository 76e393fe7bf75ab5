/**
 * What the inside-the-model analyses answer (label lens, head ablation, label-word knockout,
 * demonstration attribution): plain data shared by the backend, the CLI's JSON and the UI.
 */
import type { Parting } from './label-math.ts';

/** Where a head mask applies: every token, or only the tokens after the shared prefix. */
export type MaskScope = 'all' | 'suffix';

/** The label lens of one condition: class probabilities at the final position read at every layer. */
export interface LensCurve {
  condition: string;
  /** Read points: 0 = the embeddings, k = after block k; the last is the model's own output. */
  layers: number;
  /** perExample[i][k][c]: class probabilities (renormalised over the labels). */
  perExample: number[][][];
  /** Mean over examples of p(gold) per read point. */
  meanGold: number[];
  /** Share of examples whose top class is gold, per read point. */
  accuracy: number[];
  /** Mean class probabilities per read point ([k][c]). */
  meanProbs: number[][];
}

export interface LensComparison {
  curves: [LensCurve, LensCurve];
  /** Where p(gold) of the first and second condition part over the same examples. */
  parting: Parting;
}

export interface HeadEffect {
  layer: number;
  head: number;
  accuracy: number;
  margin: number;
  /** Ablated minus clean. */
  deltaAccuracy: number;
  deltaMargin: number;
}

export interface HeadAblation {
  condition: string;
  layers: number;
  heads: number;
  scope: MaskScope;
  examples: number;
  clean: { accuracy: number; margin: number };
  cells: HeadEffect[];
  /** Tokens run, and tokens whose state was reused, over the whole sweep. */
  computedTokens: number;
  reusedTokens: number;
}

export interface KnockoutOutcome {
  accuracy: number;
  margin: number;
  deltaAccuracy: number;
  deltaMargin: number;
}

export interface LabelKnockout {
  condition: string;
  examples: number;
  /** Layers where the final position was blocked (0-based). */
  layers: number[];
  /** Label-word tokens blocked per prompt. */
  labelTokens: number;
  clean: { accuracy: number; margin: number };
  /** The final position blocked from the demonstrations' label-word tokens. */
  labelWords: KnockoutOutcome;
  /** The same number of other demonstration tokens, drawn with `controlSeed`: is it the label words or any tokens? */
  control: KnockoutOutcome;
  controlSeed: number;
}

export interface DemoAttributionRow {
  /** Position in the prompt (0-based). */
  index: number;
  exampleId: string;
  /** The class whose label word the demonstration shows. */
  shown: string;
  /** That class's label word, as the prompt shows it. */
  shownWord: string;
  /** Mean gold margin with every demonstration minus without this one. */
  leaveOneOut: number;
  /** Sampled Shapley value of the demonstration for the mean gold margin, and its standard error over permutations. */
  shapley: number;
  shapleyStandardError: number;
}

export interface DemoAttribution {
  condition: string;
  examples: number;
  /** Mean gold margin with all demonstrations, and with none (zero-shot). */
  full: number;
  empty: number;
  permutations: number;
  seed: number;
  /** Distinct demonstration subsets scored (each one scoreNext call over the test sample). */
  subsetsScored: number;
  demos: DemoAttributionRow[];
}
