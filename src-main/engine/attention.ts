import { EngineFailure } from './engine-failure.ts';
import { runDecoder } from './forward.ts';
import type { ModelSession } from './model-session.ts';
import { fusedAttentionOps } from './onnx/attention-softmax.ts';
import { exposeFusedAttentionInputs, fusedAttentionProbs, type FusedAttentionLayer } from './onnx/fused-attention.ts';
import { OnnxError, decodeModel } from './onnx/model-io.ts';
import { exposeAttention } from './onnx/rewrite.ts';
import type { AttentionResult } from './protocol.ts';
import { tensorFloats } from './runtime.ts';

/**
 * Attention probabilities of every layer and head over a text.
 *
 * Standard exports do not output attentions, so a second session runs the graph rewritten to expose
 * each attention Softmax (`exposeAttention`); it is built the first time attention is asked for.
 * Graphs whose attention runs in com.microsoft GroupQueryAttention have no Softmax: their
 * probabilities are recomputed from the query and key each op receives (onnx/fused-attention.ts).
 * Other fused kernels leave the model attention-unavailable, and the user gets the reason.
 */

/** The GroupQueryAttention layers of a model whose attention session was built the fused way. */
const fusedLayers = new WeakMap<ModelSession, FusedAttentionLayer[]>();

function exposeEither(model: ModelSession, bytes: Uint8Array): Uint8Array {
  try {
    return exposeAttention(bytes).bytes;
  } catch (error) {
    if (!(error instanceof OnnxError) || error.code !== 'ATTENTION_FUSED') throw error;
    const ops = fusedAttentionOps(decodeModel(bytes).graph);
    if (!ops.every((op) => op === 'com.microsoft::GroupQueryAttention')) throw error;
    const exposed = exposeFusedAttentionInputs(bytes);
    fusedLayers.set(model, exposed.layers);
    return exposed.bytes;
  }
}

export async function attention(model: ModelSession, text: string): Promise<AttentionResult> {
  if (!model.info.attentionAvailable) throw new EngineFailure('ATTENTION_UNAVAILABLE', model.info.attentionUnavailableReason ?? 'attention is not available for this model');
  const pieces = model.tokenizer.pieces(text);
  model.checkContext(pieces.length);
  let session;
  try {
    session = await model.extraSession('attention', (bytes) => exposeEither(model, bytes));
  } catch (error) {
    if (error instanceof EngineFailure && error.code.startsWith('ATTENTION')) {
      model.info.attentionAvailable = false;
      model.info.attentionUnavailableReason = error.message;
      throw new EngineFailure('ATTENTION_UNAVAILABLE', error.message);
    }
    throw error;
  }
  const n = pieces.length;
  const rows = [pieces.map((p) => p.id)];
  const fused = fusedLayers.get(model);
  if (fused) {
    const names = [...new Set(fused.flatMap((l) => [l.queryOutput, l.keyOutput, l.cosOutput, l.sinOutput].filter((x): x is string => !!x)))];
    const out = await runDecoder(session, model.io, { rows, extraOutputs: names });
    const floats = (name?: string) => (name ? tensorFloats(out.outputs[name]) : undefined);
    const weights = fused.map((l) => {
      const cos = l.cosOutput ? out.outputs[l.cosOutput] : undefined;
      const cosWidth = cos ? Number(cos.dims[cos.dims.length - 1]) : 0;
      return fusedAttentionProbs(l, n, floats(l.queryOutput) as Float32Array, floats(l.keyOutput), floats(l.cosOutput), floats(l.sinOutput), cosWidth);
    });
    return { tokens: pieces.map((p) => p.text), layers: weights.length, heads: weights[0]?.length ?? 0, weights };
  }
  const outputs = session.outputNames.filter((name) => name.startsWith('attentions.')).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const out = await runDecoder(session, model.io, { rows, extraOutputs: outputs });
  const weights = outputs.map((name) => {
    const tensor = out.outputs[name];
    const [, heads, queries, keys] = tensor.dims.map(Number);
    if (queries !== n || keys !== n) throw new EngineFailure('MODEL_FILE', `${name} has shape [${tensor.dims.join(', ')}], expected [1, heads, ${n}, ${n}]`);
    const data = tensorFloats(tensor);
    return Array.from({ length: heads }, (_, h) => data.slice(h * n * n, (h + 1) * n * n));
  });
  return { tokens: pieces.map((p) => p.text), layers: weights.length, heads: weights[0]?.length ?? 0, weights };
}
