import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { keepLastLogits } from '../src-main/engine/onnx/rewrite.ts';
import { createSession } from '../src-main/engine/runtime.ts';

/** Tokens per raw run: the "128-token input". */
export const RAW_TOKENS = 128;

/**
 * Raw onnxruntime-node throughput: the yardstick of the "fraction of the ideal".
 *
 * A plain InferenceSession over the model rewritten to compute the last position's logits only
 * (keepLastLogits in last_position mode, no extra input), created by the engine's runtime adapter
 * on the CPU so its session options (threads, optimisation level, spinning) are the engine's, empty
 * past, one 128-token row. Nothing of the engine's host, worker, tokenizer or KV handling is
 * involved, so this is what the hardware and runtime can do.
 */
export class RawThroughput {
  private readonly samplesMs: number[] = [];

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly layers: number,
    private readonly heads: number,
    private readonly headDim: number,
  ) {}

  static async open(modelDir: string): Promise<RawThroughput> {
    const config = JSON.parse(fs.readFileSync(path.join(modelDir, 'config.json'), 'utf8')) as { n_layer: number; n_head: number; n_embd: number };
    const bytes = keepLastLogits(fs.readFileSync(path.join(modelDir, 'onnx', 'model.onnx')), { lastIndex: false }).bytes;
    const { session } = await createSession(bytes, { provider: 'cpu' }, 'raw throughput model');
    const raw = new RawThroughput(session, config.n_layer, config.n_head, config.n_embd / config.n_head);
    for (let i = 0; i < 2; i++) await raw.runOnce();
    return raw;
  }

  /**
   * One timed run, kept as a sample, after an untimed one: the first run of a session after other
   * sessions ran is up to 2x slower (measured in bench/), an artifact of interleaving.
   */
  async sample(): Promise<number> {
    await this.runOnce();
    const ms = await this.runOnce();
    this.samplesMs.push(ms);
    return ms;
  }

  /** Tokens per second at the median sample. */
  tokensPerSec(): number {
    const sorted = [...this.samplesMs].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return (RAW_TOKENS * 1000) / median;
  }

  get sampleCount(): number {
    return this.samplesMs.length;
  }

  private async runOnce(): Promise<number> {
    const ids = BigInt64Array.from({ length: RAW_TOKENS }, (_, i) => BigInt(1000 + ((i * 7919) % 40000)));
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', ids, [1, RAW_TOKENS]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(RAW_TOKENS).fill(1n), [1, RAW_TOKENS]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from({ length: RAW_TOKENS }, (_, i) => BigInt(i)), [1, RAW_TOKENS]),
    };
    for (let l = 0; l < this.layers; l++) {
      feeds[`past_key_values.${l}.key`] = new ort.Tensor('float32', new Float32Array(0), [1, this.heads, 0, this.headDim]);
      feeds[`past_key_values.${l}.value`] = new ort.Tensor('float32', new Float32Array(0), [1, this.heads, 0, this.headDim]);
    }
    const started = performance.now();
    await this.session.run(feeds, ['logits']);
    return performance.now() - started;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
