/**
 * Seeded random weights for synthetic models, written straight into Float32Arrays.
 *
 * A 124M-parameter model needs ~124M normal samples; a 32-bit PRNG (mulberry32) with the
 * Box-Muller transform keeps that to a couple of seconds and allocates nothing per sample.
 */

/** A seeded stream of normal samples. */
export class NormalStream {
  private state: number;
  private spare: number | null = null;

  constructor(seed: number) {
    this.state = (seed ^ 0x9e3779b9) >>> 0;
  }

  /** A uniform sample in (0, 1). */
  private uniform(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  }

  /** A standard normal sample. */
  next(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniform()));
    const angle = 2 * Math.PI * this.uniform();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** A new array of `count` samples from N(mean, std²). */
  fill(count: number, std: number, mean = 0): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = mean + std * this.next();
    return out;
  }
}
