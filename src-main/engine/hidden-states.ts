import { EngineFailure } from './engine-failure.ts';
import { runDecoder } from './forward.ts';
import type { ModelSession } from './model-session.ts';
import { exposeHiddenState } from './onnx/rewrite.ts';
import type { HiddenStatesResult } from './protocol.ts';
import { tensorFloats } from './runtime.ts';

/**
 * Final hidden states (the lm_head's input, after the last layer norm) of each text, pooled at the
 * last token or as the mean over all tokens: features for fine-tuned heads (docs/FINETUNE.md).
 *
 * Texts run one at a time, so memory stays at one text's activations however many texts come.
 */
export async function hiddenStates(model: ModelSession, texts: string[], pooling: 'last' | 'mean'): Promise<HiddenStatesResult> {
  if (pooling !== 'last' && pooling !== 'mean') throw new EngineFailure('BAD_REQUEST', `pooling must be "last" or "mean", got "${pooling}"`);
  let output = 'last_hidden_state';
  const session = await model.extraSession('hidden-state', (bytes) => {
    const exposed = exposeHiddenState(bytes);
    output = exposed.output;
    return exposed.bytes;
  });
  const vectors: Float32Array[] = [];
  let hiddenSize = model.info.hiddenSize;
  for (const [i, text] of texts.entries()) {
    const ids = model.tokenizer.encode(text, true);
    if (ids.length === 0) throw new EngineFailure('EMPTY_PROMPT', `text ${i + 1} has no tokens`);
    if (ids.length > model.info.contextLength) throw new EngineFailure('CONTEXT_OVERFLOW', `text ${i + 1} is ${ids.length} tokens, more than the model's context of ${model.info.contextLength} tokens`);
    const out = await runDecoder(session, model.io, { rows: [ids], extraOutputs: [output] });
    const tensor = out.outputs[output];
    const [, seq, hidden] = tensor.dims.map(Number);
    hiddenSize = hidden;
    const data = tensorFloats(tensor);
    const vector = new Float32Array(hidden);
    if (pooling === 'last') vector.set(data.subarray((seq - 1) * hidden, seq * hidden));
    else {
      for (let t = 0; t < seq; t++) for (let d = 0; d < hidden; d++) vector[d] += data[t * hidden + d];
      for (let d = 0; d < hidden; d++) vector[d] /= seq;
    }
    vectors.push(vector);
  }
  return { hiddenSize, vectors };
}
