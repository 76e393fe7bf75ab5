import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthGpt2 } from '../src-main/engine/synth/gpt2.ts';

/** The GPT-2-small shape the issue names: 12 layers, 768 wide, 12 heads, GPT-2's real tokenizer. */
export const BENCH_SHAPE = { layers: 12, hidden: 768, heads: 12, vocab: 'gpt2' as const, ctx: 1024, seed: 0 };

/** bench/models/ is gitignored: generated models never enter the repository. */
export const BENCH_MODELS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'models');

/**
 * The folder of the 124M-shaped benchmark model, built once with synthGpt2 when absent.
 *
 * Why random weights: speed and memory depend on the shape and the tokenizer only, and no model
 * downloads are possible; the folder is a standard Hugging Face ONNX layout, so transformers.js
 * loads the very same files.
 */
export async function ensureBenchModel(log: (line: string) => void): Promise<string> {
  const dir = path.join(BENCH_MODELS_DIR, 'gpt2-124m-shape');
  if (fs.existsSync(path.join(dir, 'onnx', 'model.onnx')) && fs.existsSync(path.join(dir, 'tokenizer.json'))) return dir;
  const started = performance.now();
  log('building the 124M-shaped GPT-2 model into bench/models/ (once)...');
  const result = await synthGpt2({ outDir: dir, ...BENCH_SHAPE });
  log(`built: ${(result.parameters / 1e6).toFixed(1)}M parameters, ${(result.modelBytes / 2 ** 20).toFixed(0)} MiB, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
