import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, openSession, rowAt, runDecoder } from '../onnx/testing/run-decoder.ts';
import { synthGpt2 } from './gpt2.ts';

// transformers.js is the reference loader of the Hugging Face ONNX layout: a synthesized folder must
// load from local files alone, in both the current and the legacy merged decoder file.
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'synth-tjs-'));
  await synthGpt2({ outDir: join(root, 'tiny'), layers: 2, hidden: 32, heads: 4, ctx: 64, seed: 3, merged: true });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${root}/`;
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('synthesized GPT-2 in transformers.js', () => {
  it('loads offline and gives the logits onnxruntime-node gives', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained('tiny');
    const model = await AutoModelForCausalLM.from_pretrained('tiny', { dtype: 'fp32' });
    const inputs = tokenizer('Hello world, émoji 🙂 here');
    const ids = (inputs.input_ids.tolist() as bigint[][])[0].map(Number);
    expect(ids.slice(0, 2)).toEqual([15496, 995]);
    const logits = (await model(inputs)).logits;

    const session = await openSession(join(root, 'tiny', 'onnx', 'model.onnx'));
    const direct = await runDecoder(session, { ids: [ids] }, 4, 8);
    expect(logits.dims).toEqual(direct.logits.dims);
    expect(maxAbsDiff(logits.data as Float32Array, direct.logits.data as Float32Array)).toBeLessThan(1e-5);

    const greedy = (await model.generate({ ...inputs, max_new_tokens: 4, do_sample: false })) as { tolist(): bigint[][] };
    const next = greedy.tolist()[0].map(Number)[ids.length];
    const last = rowAt(direct.logits, 0, ids.length - 1);
    expect(next).toBe(last.indexOf(Math.max(...last)));
    await session.release();
    await model.dispose();
  });

  it('generates the same tokens from the legacy merged decoder', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained('tiny');
    const inputs = tokenizer('The quick brown fox');
    const plain = await AutoModelForCausalLM.from_pretrained('tiny', { dtype: 'fp32' });
    const merged = await AutoModelForCausalLM.from_pretrained('tiny', { dtype: 'fp32', model_file_name: 'decoder_model_merged' });
    const run = async (m: typeof plain) =>
      ((await m.generate({ ...inputs, max_new_tokens: 6, do_sample: false })) as { tolist(): bigint[][] }).tolist()[0].map(Number);
    expect(await run(merged)).toEqual(await run(plain));
    await plain.dispose();
    await merged.dispose();
  });
});
