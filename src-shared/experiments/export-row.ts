/**
 * One row of `export --format jsonl` (CONTRACT.md "Export rows"), declared once for the exporter
 * (src-main/experiments/export) and the API's paged rows (src-shared/api/runs.ts). Pure type.
 */
export interface ExportRow {
  runId: string;
  seed: number;
  orderIndex: number;
  /** The demonstrations really in the prompt, oldest first. */
  order: string[];
  /** How many demonstrations the prompt really had. */
  shots: number;
  /** Demonstrations of the drawn order that contextPolicy drop-oldest left out of the prompt. */
  droppedDemos: string[];
  exampleId: string;
  gold: string;
  /** Label probabilities renormalised over the labels, before calibration. */
  scores: Record<string, number>;
  /** Natural log of each class's raw, unnormalised score p̃ (the label words' probabilities summed). */
  logprobs: Record<string, number>;
  /** The renormalised average over the content-free inputs of this (seed, order): p_cf. */
  contentFree: Record<string, number>;
  /** Per content-free input of this (seed, order): its text and the log of its raw class scores. */
  contentFreeInputs: { input: string; logprobs: Record<string, number> }[];
  /** The domain-context prior of this (seed, order), when the study uses `domain`. */
  domainPrior?: Record<string, number>;
  /** method -> calibrated output (a distribution, except batch's scores). */
  calibrated: Record<string, Record<string, number>>;
  /** method -> predicted class. */
  predicted: Record<string, string>;
}

/**
 * One row per (seed, order, probing input) of a generated probing set (`probing.source: generated`),
 * after every test row of `export --format jsonl`; test rows carry no `kind`.
 */
export interface ProbeExportRow {
  kind: 'probe';
  runId: string;
  seed: number;
  orderIndex: number;
  order: string[];
  shots: number;
  /** The input's index in its seed's probing set. */
  probeIndex: number;
  /** The template's fields as parsed from the generation, and the generation it came from. */
  probe: { fields: Record<string, string>; generatedBy: { orderIndex: number; noRepeatNgram: number } };
  /** Label probabilities renormalised over the labels (uncalibrated, as GlobalE / LocalE use them). */
  scores: Record<string, number>;
  /** Natural log of each class's raw score p̃. */
  logprobs: Record<string, number>;
}
