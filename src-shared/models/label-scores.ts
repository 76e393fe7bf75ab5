/**
 * What scoring label words after a prompt reports. Part of the engine contract
 * (src-main/engine/protocol.ts re-exports it) and the API's `scoreLabels` result
 * (src-shared/api/tokens.ts), declared once here. Pure TypeScript.
 */

/** first-token: log P(first token of " " + word); full-sequence: the sum over all its tokens. */
export const SCORE_LABEL_MODES = ['first-token', 'full-sequence'] as const;
export type ScoreLabelMode = (typeof SCORE_LABEL_MODES)[number];

export interface LabelScore {
  label: string;
  /** Token ids of " " + label. */
  tokenIds: number[];
  /** First-token mode: log P(first token); full-sequence mode: sum over all tokens. */
  logprob: number;
}

export interface ScoreLabelsResult {
  labels: LabelScore[];
  /** One message per label word the tokenizer splits into several tokens, naming the pieces. */
  warnings: string[];
}
