/**
 * Contextual calibration, CC (Zhao et al. 2021, "Calibrate Before Use").
 *
 * The prior `p_cf` is what the model predicts for content-free inputs ("N/A", "",
 * "[MASK]") under the same demonstrations and order; dividing it out maps the
 * content-free input to the uniform distribution (W = diag(p_cf)^-1, b = 0).
 */
import { assertFiniteVector, meanVector, normalize, PRIOR_EPSILON } from './normalize.ts';

/**
 * The content-free prior: the RAW (unnormalised) label scores of each content-free
 * input are averaged, then the mean is normalised, as in Zhao's `get_p_content_free`.
 * (Normalising each input first would weight a low-mass input as much as a high-mass one.)
 */
export function contentFreePrior(rawPerInput: readonly (readonly number[])[]): number[] {
  return normalize(meanVector(rawPerInput, 'content-free scores'));
}

/**
 * Calibrated distribution `q_c = (p_c / pcf_c) / Σ_k (p_k / pcf_k)`.
 *
 * `p` may be normalised or not (the result is the same). Prior entries are floored at
 * {@link PRIOR_EPSILON}.
 */
export function calibrateContextual(p: readonly number[], pcf: readonly number[]): number[] {
  assertFiniteVector(pcf, 'prior');
  if (p.length !== pcf.length) {
    throw new Error(`scores have ${p.length} classes but the prior has ${pcf.length}`);
  }
  pcf.forEach((x, i) => {
    if (x < 0) throw new Error(`prior entry ${i} is negative (${x})`);
  });
  return normalize(p.map((x, i) => x / Math.max(pcf[i], PRIOR_EPSILON)));
}

/** How a calibrated distribution is formed from the ratio `p_c / prior_c`. */
export type CalibratedForm = 'softmax' | 'ratio';

/**
 * Zhao et al.'s definition, `q = softmax(W p̂ + b)` with `W = diag(p_cf)^-1`, `b = 0`:
 * `q_c = exp(p̂_c / pcf_c) / Σ_k exp(p̂_k / pcf_k)`, with `p̂` the label distribution (normalised
 * here, since the softmax, unlike the ratio, depends on the scale). Same argmax as
 * {@link calibrateContextual}; different confidences, so ECE, NLL and Brier differ.
 */
export function calibrateContextualSoftmax(p: readonly number[], pcf: readonly number[]): number[] {
  const ratio = calibrateRatioTerms(normalize(p), pcf);
  const max = Math.max(...ratio);
  const exp = ratio.map((x) => Math.exp(x - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((x) => x / sum);
}

function calibrateRatioTerms(p: readonly number[], pcf: readonly number[]): number[] {
  assertFiniteVector(pcf, 'prior');
  if (p.length !== pcf.length) throw new Error(`scores have ${p.length} classes but the prior has ${pcf.length}`);
  return p.map((x, i) => {
    if (pcf[i] < 0) throw new Error(`prior entry ${i} is negative (${pcf[i]})`);
    return x / Math.max(pcf[i], PRIOR_EPSILON);
  });
}
