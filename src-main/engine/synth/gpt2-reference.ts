/**
 * A plain-JavaScript GPT-2 forward pass (float64, one sequence) over the parameters of a built model.
 *
 * An independent implementation for tests: the ONNX graph is checked against it, so a wrong mask,
 * split or transpose in the graph builder shows up as a numeric mismatch rather than going unseen.
 * It follows Hugging Face's modeling_gpt2.py rather than the graph; plain loops, fine for tiny models.
 */
import { LAYER_NORM_EPSILON } from './gpt2-graph.ts';
import { LNF_BIAS, LNF_WEIGHT, WPE, WTE, layerParamNames, type Gpt2Shape } from './gpt2-weights.ts';

type Weights = Map<string, Float32Array>;
type Rows = Float64Array[];

function layerNorm(x: Rows, gamma: Float32Array, beta: Float32Array): Rows {
  return x.map((row) => {
    const mean = row.reduce((a, b) => a + b, 0) / row.length;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
    const scale = 1 / Math.sqrt(variance + LAYER_NORM_EPSILON);
    return row.map((v, j) => (v - mean) * scale * gamma[j] + beta[j]);
  });
}

/** x [n, in] times w [in, out] (row-major) plus bias. */
function linear(x: Rows, w: Float32Array, bias: Float32Array | null, outDim: number): Rows {
  return x.map((row) => {
    const out = new Float64Array(outDim);
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      const base = i * outDim;
      for (let j = 0; j < outDim; j++) out[j] += v * w[base + j];
    }
    if (bias) for (let j = 0; j < outDim; j++) out[j] += bias[j];
    return out;
  });
}

const gelu = (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

export interface ReferenceResult {
  /** [seq][vocab] */
  logits: Float64Array[];
  /** [layer][head][query][key] attention probabilities. */
  attentions: number[][][][];
}

/**
 * Logits and attention probabilities for `ids` at `positions`, attending only to keys where `mask`
 * is 1 (mask covers the same tokens; rows whose every key is masked attend uniformly, as in HF's GPT-2).
 */
export function gpt2Reference(shape: Gpt2Shape, w: Weights, ids: number[], positions: number[], mask: number[]): ReferenceResult {
  const { hidden: d, heads, vocab } = shape;
  const dh = d / heads;
  const get = (name: string) => {
    const t = w.get(name);
    if (!t) throw new Error(`reference: missing parameter ${name}`);
    return t;
  };
  const wte = get(WTE);
  const wpe = get(WPE);
  const attentions: number[][][][] = [];
  let h: Rows = ids.map((id, t) => Float64Array.from({ length: d }, (_, j) => wte[id * d + j] + wpe[positions[t] * d + j]));
  for (let layer = 0; layer < shape.layers; layer++) {
    const n = layerParamNames(layer);
    const qkv = linear(layerNorm(h, get(n.ln1Weight), get(n.ln1Bias)), get(n.qkvWeight), get(n.qkvBias), 3 * d);
    const context: Rows = ids.map(() => new Float64Array(d));
    const layerProbs: number[][][] = [];
    attentions.push(layerProbs);
    for (let head = 0; head < heads; head++) {
      const off = head * dh;
      const headProbs: number[][] = [];
      layerProbs.push(headProbs);
      for (let q = 0; q < ids.length; q++) {
        const scores = ids.map((_, k) => {
          if (k > q || mask[k] === 0) return -Infinity;
          let dot = 0;
          for (let j = 0; j < dh; j++) dot += qkv[q][off + j] * qkv[k][d + off + j];
          return dot / Math.sqrt(dh);
        });
        const max = Math.max(...scores);
        const exps = max === -Infinity ? scores.map(() => 1) : scores.map((s) => Math.exp(s - max));
        const sum = exps.reduce((a, b) => a + b, 0);
        headProbs.push(exps.map((e) => e / sum));
        for (let k = 0; k < ids.length; k++) {
          const p = exps[k] / sum;
          for (let j = 0; j < dh; j++) context[q][off + j] += p * qkv[k][2 * d + off + j];
        }
      }
    }
    const attnOut = linear(context, get(n.attnProjWeight), get(n.attnProjBias), d);
    h = h.map((row, t) => row.map((v, j) => v + attnOut[t][j]));
    const fc = linear(layerNorm(h, get(n.ln2Weight), get(n.ln2Bias)), get(n.fcWeight), get(n.fcBias), 4 * d).map((row) => row.map(gelu));
    const mlpOut = linear(fc, get(n.mlpProjWeight), get(n.mlpProjBias), d);
    h = h.map((row, t) => row.map((v, j) => v + mlpOut[t][j]));
  }
  const final = layerNorm(h, get(LNF_WEIGHT), get(LNF_BIAS));
  const logits = final.map((row) => {
    const out = new Float64Array(vocab);
    for (let v = 0; v < vocab; v++) {
      let dot = 0;
      for (let j = 0; j < d; j++) dot += row[j] * wte[v * d + j];
      out[v] = dot;
    }
    return out;
  });
  return { logits, attentions };
}
