/**
 * Seeded random weights for synthetic models, written straight into Float32Arrays.
 *
 * A 124M-parameter model needs ~124M normal samples, and `synth` must build one in seconds. Each
 * 32-bit draw of a small PRNG (mulberry32) yields two samples by indexing a 65,536-entry table of
 * standard-normal quantiles with its two 16-bit halves: no log/sqrt/cos per sample, nothing
 * allocated per sample. The quantisation (65,536 levels, tails to about ±4.2σ) is irrelevant for
 * random test weights.
 */

const TABLE_BITS = 16;
const TABLE_SIZE = 1 << TABLE_BITS;

let quantiles: Float64Array | undefined;

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low || p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
    const x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    return p < low ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

function quantileTable(): Float64Array {
  quantiles ??= Float64Array.from({ length: TABLE_SIZE }, (_, i) => normalQuantile((i + 0.5) / TABLE_SIZE));
  return quantiles;
}

/** A seeded stream of (approximately) normal samples. */
export class NormalStream {
  private state: number;

  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }

  /** The next 32 random bits (mulberry32). */
  private bits(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A new array of `count` samples from N(mean, std²). */
  fill(count: number, std: number, mean = 0): Float32Array {
    const table = quantileTable();
    const out = new Float32Array(count);
    let i = 0;
    for (; i + 1 < count; i += 2) {
      const r = this.bits();
      out[i] = mean + std * table[r & 0xffff];
      out[i + 1] = mean + std * table[r >>> 16];
    }
    if (i < count) out[i] = mean + std * table[this.bits() & 0xffff];
    return out;
  }
}
