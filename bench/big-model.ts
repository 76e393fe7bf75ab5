/**
 * A GPT-2-XL-shaped folder (48 layers, 1600 wide, 25 heads, 1.56B parameters, fp32: 6.2 GB of
 * weights, past protobuf's 2 GB, so in external data `onnx/model.onnx_data`) built, loaded and
 * run through a short study; prints build time, load time and peak memory of each phase as JSON.
 *
 * Run once by hand (it needs about 8 GB free and 7 GB of disk), not part of `npm run bench`:
 *   npx tsx bench/big-model.ts [folder]        (default: bench/models/gpt2-xl-shape)
 * Each phase runs in its own process so its peak RSS (VmHWM) is its own.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [phase, dirArg] = process.argv.slice(2);
const SHAPE = { layers: 48, hidden: 1600, heads: 25, vocab: 50257, ctx: 1024 };

const peak = () => Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;

async function build(dir: string): Promise<void> {
  const { synthModel } = await import('../src-main/engine/synth/synth-model.ts');
  const started = performance.now();
  const result = await synthModel({ outDir: dir, arch: 'gpt2', externalData: true, seed: 1, ...SHAPE });
  const bytes = result.files.reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
  console.log(JSON.stringify({ phase: 'build', seconds: (performance.now() - started) / 1000, parameters: result.parameters, bytes, peakRssBytes: peak() }));
}

async function load(dir: string): Promise<void> {
  const { ModelSession } = await import('../src-main/engine/model-session.ts');
  const { nextToken } = await import('../src-main/engine/next-token.ts');
  const started = performance.now();
  const model = await ModelSession.load('xl', 'xl', dir, { provider: 'cpu' });
  const loadSeconds = (performance.now() - started) / 1000;
  const t = performance.now();
  const next = await nextToken(model, 'Review: a gripping, funny film.\nSentiment:', 5);
  console.log(JSON.stringify({ phase: 'load', loadSeconds, nextSeconds: (performance.now() - t) / 1000, top: next.top[0], layout: model.info.layout, peakRssBytes: peak() }));
  await model.dispose();
}

function child(args: string[]): Record<string, unknown> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr.split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) as string);
}

if (phase === 'build') await build(dirArg);
else if (phase === 'load') await load(dirArg);
else {
  const dir = path.resolve(phase ?? path.join(here, 'models', 'gpt2-xl-shape'));
  if (!fs.existsSync(path.join(dir, 'onnx', 'model.onnx'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    console.log(JSON.stringify(child([fileURLToPath(import.meta.url), 'build', dir])));
  }
  console.log(JSON.stringify(child([fileURLToPath(import.meta.url), 'load', dir])));
  // The study through the runner, EngineHost and SQLite, as shipped: 4 test examples, one order.
  console.log(JSON.stringify({ phase: 'study', ...child([path.join(here, 'memory-study.ts'), dir, path.join(here, '..', 'resources', 'data', 'sst2'), '4', '1']) }));
}
