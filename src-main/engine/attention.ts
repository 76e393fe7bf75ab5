import { EngineFailure } from './engine-failure.ts';
import { runDecoder } from './forward.ts';
import type { ModelSession } from './model-session.ts';
import { exposeAttention } from './onnx/rewrite.ts';
import type { AttentionResult } from './protocol.ts';
import { tensorFloats } from './runtime.ts';

/**
 * Attention probabilities of every layer and head over a text.
 *
 * Standard exports do not output attentions, so a second session runs the graph rewritten to expose
 * each attention Softmax (`exposeAttention`); it is built the first time attention is asked for.
 * Graphs with fused attention kernels have no Softmax to expose: the model is marked
 * attention-unavailable and the user gets the reason.
 */
export async function attention(model: ModelSession, text: string): Promise<AttentionResult> {
  if (!model.info.attentionAvailable) throw new EngineFailure('ATTENTION_UNAVAILABLE', model.info.attentionUnavailableReason ?? 'attention is not available for this model');
  const pieces = model.tokenizer.pieces(text);
  model.checkContext(pieces.length);
  let outputs: string[] = [];
  let session;
  try {
    session = await model.extraSession('attention', (bytes) => {
      const exposed = exposeAttention(bytes);
      outputs = exposed.outputs;
      return exposed.bytes;
    });
  } catch (error) {
    if (error instanceof EngineFailure && error.code.startsWith('ATTENTION')) {
      model.info.attentionAvailable = false;
      model.info.attentionUnavailableReason = error.message;
      throw new EngineFailure('ATTENTION_UNAVAILABLE', error.message);
    }
    throw error;
  }
  if (outputs.length === 0) outputs = session.outputNames.filter((n) => n.startsWith('attentions.'));
  outputs.sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const out = await runDecoder(session, model.io, { rows: [pieces.map((p) => p.id)], extraOutputs: outputs });
  const n = pieces.length;
  const weights = outputs.map((name) => {
    const tensor = out.outputs[name];
    const [, heads, queries, keys] = tensor.dims.map(Number);
    if (queries !== n || keys !== n) throw new EngineFailure('MODEL_FILE', `${name} has shape [${tensor.dims.join(', ')}], expected [1, heads, ${n}, ${n}]`);
    const data = tensorFloats(tensor);
    return Array.from({ length: heads }, (_, h) => data.slice(h * n * n, (h + 1) * n * n));
  });
  return { tokens: pieces.map((p) => p.text), layers: weights.length, heads: weights[0]?.length ?? 0, weights };
}
