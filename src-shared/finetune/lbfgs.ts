/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for smooth convex objectives.
 *
 * Hand-written because no maintained npm package offers L-BFGS for plain number arrays; the heads
 * here have at most a few thousand parameters, so the textbook two-loop recursion (Nocedal & Wright,
 * Numerical Optimization, Algorithm 7.4) is all that is needed. Tested against Newton's method.
 */
export interface LbfgsOptions {
  /** Stored correction pairs. */
  memory?: number;
  maxIterations?: number;
  /** Stop when the largest absolute gradient component falls below this. */
  gradientTolerance?: number;
  /** Stop when the objective changes by less than this (relative) between iterations. */
  functionTolerance?: number;
  /** Called after every accepted step; return true to stop early (early stopping, cancel). */
  onIteration?: (iteration: number, loss: number, x: Float64Array) => boolean | void;
}

export interface LbfgsResult {
  x: Float64Array;
  loss: number;
  iterations: number;
  /** Why it stopped. */
  reason: 'gradient' | 'function' | 'max-iterations' | 'callback' | 'line-search';
}

/** Objective: returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const memory = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 500;
  const gtol = options.gradientTolerance ?? 1e-7;
  const ftol = options.functionTolerance ?? 1e-12;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = objective(x, g);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const direction = new Float64Array(n);
  const alpha = new Array<number>(memory);
  const xNew = new Float64Array(n);
  let gNew = new Float64Array(n);

  if (maxAbs(g) < gtol) return { x, loss: f, iterations: 0, reason: 'gradient' };
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // Two-loop recursion: direction = -H g.
    for (let i = 0; i < n; i++) direction[i] = -g[i];
    for (let j = sList.length - 1; j >= 0; j--) {
      alpha[j] = rhoList[j] * dot(sList[j], direction);
      axpy(-alpha[j], yList[j], direction);
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      scale(direction, dot(sList[last], yList[last]) / dot(yList[last], yList[last]));
    } else {
      scale(direction, 1 / Math.max(1, Math.sqrt(dot(g, g))));
    }
    for (let j = 0; j < sList.length; j++) {
      const beta = rhoList[j] * dot(yList[j], direction);
      axpy(alpha[j] - beta, sList[j], direction);
    }
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sList.length = yList.length = rhoList.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -g[i] / Math.max(1, Math.sqrt(dot(g, g)));
      slope = dot(g, direction);
    }
    // Backtracking Armijo line search.
    let step = 1;
    let fNew = Infinity;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * direction[i];
      fNew = objective(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) return { x, loss: f, iterations: iteration - 1, reason: 'line-search' };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (sList.length === memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
    }
    const fOld = f;
    x = Float64Array.from(xNew);
    [g, gNew] = [gNew, g];
    f = fNew;
    if (options.onIteration?.(iteration, f, x)) return { x, loss: f, iterations: iteration, reason: 'callback' };
    if (maxAbs(g) < gtol) return { x, loss: f, iterations: iteration, reason: 'gradient' };
    if (Math.abs(fOld - f) <= ftol * Math.max(1, Math.abs(f))) return { x, loss: f, iterations: iteration, reason: 'function' };
  }
  return { x, loss: f, iterations: maxIterations, reason: 'max-iterations' };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}
