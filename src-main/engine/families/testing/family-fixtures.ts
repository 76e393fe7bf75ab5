/**
 * The test matrix's fixtures: one tiny folder per built family, holding its fp32, fp16 and q4
 * graphs, plus the transformers.js reference loaded from the same folder and dtype.
 */
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import { BUILT_FAMILIES, type BuiltFamily } from '../../model-families.ts';
import { synthModel } from '../../synth/synth-model.ts';
import type { SynthDtype } from '../../synth/dtype-convert.ts';

export const MATRIX_DTYPES: SynthDtype[] = ['fp32', 'fp16', 'q4'];

export interface FamilyFixture {
  family: BuiltFamily;
  dtype: SynthDtype;
  /** Folder name under the root (transformers.js' local model id). */
  id: string;
  dir: string;
}

/** Writes every family's folder (all dtypes) under `root`; returns the (family x dtype) list. */
export async function writeFamilyFixtures(root: string): Promise<FamilyFixture[]> {
  const fixtures: FamilyFixture[] = [];
  for (const [i, family] of BUILT_FAMILIES.entries()) {
    const dir = `${root}/${family}`;
    await synthModel({ outDir: dir, arch: family, dtypes: MATRIX_DTYPES, seed: 11 + i, layers: 2, hidden: 32, heads: 4, ctx: 256 });
    for (const dtype of MATRIX_DTYPES) fixtures.push({ family, dtype, id: family, dir });
  }
  return fixtures;
}

export type Reference = { tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>; model: Awaited<ReturnType<typeof AutoModelForCausalLM.from_pretrained>> };

/** transformers.js on the same folder and dtype, local files only. */
export async function loadReference(root: string, fixture: FamilyFixture): Promise<Reference> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${root}/`;
  return {
    tokenizer: await AutoTokenizer.from_pretrained(fixture.id),
    model: await AutoModelForCausalLM.from_pretrained(fixture.id, { dtype: fixture.dtype, device: 'cpu' }),
  };
}

/** Natural-log softmax of the last position of a transformers.js logits tensor, in float64. */
export function lastLogSoftmax(logits: { dims: number[]; type: string; data: unknown; to(type: string): { data: unknown } }): Float64Array {
  const data = (logits.type === 'float32' ? logits.data : logits.to('float32').data) as Float32Array;
  const [, seq, vocab] = logits.dims;
  const row = data.subarray((seq - 1) * vocab, seq * vocab);
  let max = -Infinity;
  for (const v of row) max = Math.max(max, v);
  let sum = 0;
  for (const v of row) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(row, (v) => v - lse);
}
