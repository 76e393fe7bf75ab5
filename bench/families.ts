/**
 * One row per family for bench/RESULTS.md: a 4-shot SST-2 study (6 orders x (3 content-free + 20
 * test) prompts) scored (a) by the engine's scoreNext with prefix reuse, 32 suffixes a call as the
 * study runner sends them, and (c) by transformers.js one forward per prompt, on the same tiny
 * random-weight model of each family (4 layers, 128 wide, fp32; llama also in the fused style),
 * interleaved order by order. Prints a markdown table.
 *
 *   npx tsx bench/families.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelSession } from '../src-main/engine/model-session.ts';
import { scoreNext } from '../src-main/engine/score-next.ts';
import { synthModel, type SynthStyle } from '../src-main/engine/synth/synth-model.ts';
import type { BuiltFamily } from '../src-main/engine/model-families.ts';
import { buildBenchStudy } from './study-prompts.ts';
import { TransformersScorer } from './score-transformers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const sst2 = path.join(here, '..', 'resources', 'data', 'sst2');
const study = buildBenchStudy(sst2, { name: 'families', shots: 4, orders: { sample: 6, seed: 0 }, testExamples: 20, seed: 0 });
const CASES: { family: BuiltFamily; style: SynthStyle }[] = [
  ...(['gpt2', 'gpt_neox', 'opt', 'llama', 'qwen2', 'phi3'] as const).map((family) => ({ family, style: 'plain' as const })),
  { family: 'llama', style: 'fused' },
];
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-bench-families-'));
const rows: string[] = [];
try {
  for (const { family, style } of CASES) {
    const dir = path.join(root, `${family}-${style}`);
    await synthModel({ outDir: dir, arch: family, style, layers: 4, hidden: 128, heads: 4, ctx: 1024, seed: 3 });
    const model = await ModelSession.load('b', family, dir, { provider: 'cpu' });
    const reference = await TransformersScorer.load(dir);
    const labelIds = study.labelWords.map((w) => {
      const ids = model.tokenizer.encode(` ${w}`, false);
      return ids[0] === model.info.bosTokenId && ids.length > 1 ? ids[1] : ids[0];
    });
    let engineSeconds = 0;
    let referenceSeconds = 0;
    let prompts = 0;
    let maxDiff = 0;
    for (const condition of study.conditions) {
      const t0 = performance.now();
      const ours: number[][] = [];
      for (let i = 0; i < condition.suffixes.length; i += 32) {
        const result = await scoreNext(model, { modelId: 'b', prefixParts: condition.prefixParts, suffixes: condition.suffixes.slice(i, i + 32), tokenIds: labelIds, reuse: true });
        ours.push(...result.logprobs);
      }
      const t1 = performance.now();
      for (const [i, suffix] of condition.suffixes.entries()) {
        const theirs = await reference.score(condition.prefixParts.join('') + suffix, labelIds);
        theirs.logprobs.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - ours[i][j]))));
      }
      engineSeconds += (t1 - t0) / 1000;
      referenceSeconds += (performance.now() - t1) / 1000;
      prompts += condition.suffixes.length;
    }
    rows.push(`| ${family} | ${style} | ${prompts} | ${(prompts / engineSeconds).toFixed(1)} | ${(prompts / referenceSeconds).toFixed(1)} | **${(referenceSeconds / engineSeconds).toFixed(1)}x** | ${maxDiff.toExponential(1)} |`);
    console.error(rows.at(-1));
    await model.dispose();
    await reference.dispose();
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
console.log(['| family | style | prompts | (a) study prompts/s | (c) transformers.js prompts/s | (a)/(c) | max abs diff of label log-probs |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |', ...rows].join('\n'));
