import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, log_softmax, type PreTrainedModel, type PreTrainedTokenizer, type Tensor } from '@huggingface/transformers';

/** One prompt's label log-probabilities and its length. */
export interface PromptScore {
  logprobs: number[];
  tokens: number;
}

/**
 * Way (c): transformers.js scoring each prompt with a plain forward pass, as its users do.
 *
 * Tokenize the whole prompt, `model(inputs)`, take the logits row of the last position,
 * log-softmax it and read the label ids. Default session options (transformers.js sets none beyond
 * the provider; onnxruntime-node then uses one thread per physical core), the local folder only.
 */
export class TransformersScorer {
  private constructor(
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
  ) {}

  static async load(modelDir: string): Promise<TransformersScorer> {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${path.dirname(modelDir)}${path.sep}`;
    const name = path.basename(modelDir);
    const tokenizer = await AutoTokenizer.from_pretrained(name);
    const model = await AutoModelForCausalLM.from_pretrained(name, { dtype: 'fp32', device: 'cpu' });
    return new TransformersScorer(tokenizer, model);
  }

  async score(prompt: string, tokenIds: readonly number[]): Promise<PromptScore> {
    const inputs = this.tokenizer(prompt);
    const { logits } = (await this.model(inputs)) as { logits: Tensor };
    const [, seq, vocab] = logits.dims;
    const last = (logits.data as Float32Array).subarray((seq - 1) * vocab, seq * vocab);
    const logprobs = log_softmax(last);
    return { logprobs: tokenIds.map((id) => logprobs[id]), tokens: seq };
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}
