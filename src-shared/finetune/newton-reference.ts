import { Matrix, solve } from 'ml-matrix';

/**
 * An independent solver for the heads' objective, used only by tests.
 *
 * It shares no code with softmax-regression.ts or lbfgs.ts: the logits of row i are written as a
 * design matrix times the parameters (z_i = A_i θ), and Newton's method with the exact Hessian
 *   H = Σ_i w_i A_iᵀ (diag p_i − p_i p_iᵀ) A_i + diag(λ)
 * and ml-matrix's linear solver converges quadratically to the same optimum.
 */
export interface ReferenceProblem {
  /** A_i: C rows × P columns for each example. */
  designs: number[][][];
  targets: number[];
  /** Normalised so they sum to one. */
  weights: number[];
  /** Penalty per parameter, and its centre. */
  penalty: number[];
  centre: number[];
}

export function referenceLoss(problem: ReferenceProblem, theta: number[]): number {
  let loss = 0;
  problem.designs.forEach((A, i) => {
    const z = A.map((row) => row.reduce((s, a, k) => s + a * theta[k], 0));
    const max = Math.max(...z);
    const lse = max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
    loss += problem.weights[i] * (lse - z[problem.targets[i]]);
  });
  theta.forEach((t, k) => (loss += 0.5 * problem.penalty[k] * (t - problem.centre[k]) ** 2));
  return loss;
}

export function newtonSolve(problem: ReferenceProblem, iterations = 50): { theta: number[]; loss: number } {
  const P = problem.centre.length;
  let theta = [...problem.centre];
  for (let it = 0; it < iterations; it++) {
    const gradient = new Matrix(P, 1);
    const hessian = new Matrix(P, P);
    problem.designs.forEach((A, i) => {
      const a = new Matrix(A);
      const z = a.mmul(Matrix.columnVector(theta)).to1DArray();
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      const sum = e.reduce((s, v) => s + v, 0);
      const p = e.map((v) => v / sum);
      const residual = Matrix.columnVector(p.map((v, c) => v - (c === problem.targets[i] ? 1 : 0)));
      gradient.add(a.transpose().mmul(residual).mul(problem.weights[i]));
      const inner = Matrix.diag(p).sub(Matrix.columnVector(p).mmul(Matrix.rowVector(p)));
      hessian.add(a.transpose().mmul(inner).mmul(a).mul(problem.weights[i]));
    });
    for (let k = 0; k < P; k++) {
      gradient.set(k, 0, gradient.get(k, 0) + problem.penalty[k] * (theta[k] - problem.centre[k]));
      hessian.set(k, k, hessian.get(k, k) + problem.penalty[k]);
    }
    const step = solve(hessian, gradient).to1DArray();
    // Damped step: halve until the loss does not increase (the full step is taken near the optimum).
    const before = referenceLoss(problem, theta);
    let t = 1;
    let next = theta.map((v, k) => v - t * step[k]);
    while (referenceLoss(problem, next) > before + 1e-15 && t > 1e-8) {
      t /= 2;
      next = theta.map((v, k) => v - t * step[k]);
    }
    theta = next;
    if (Math.max(...step.map(Math.abs)) * t < 1e-12) break;
  }
  return { theta, loss: referenceLoss(problem, theta) };
}
