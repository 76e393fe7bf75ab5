import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../paths.ts';
import { attention } from './attention.ts';
import { logitsRow, logSoftmax } from './forward.ts';
import { ModelSession } from './model-session.ts';
import { nextToken } from './next-token.ts';
import { sentencePieceTokenizerJson } from './synth/family-tokenizers.ts';
import { gpt2TokenizerJson } from './synth/gpt2-tokenizer.ts';

/**
 * Folders written by torch.onnx.export from PyTorch modules that Promptscope's builders had no
 * part in (scripts/fixtures/torch_decoders.py: Llama with grouped-query attention, GPT-NeoX with
 * parallel residual and partial rotary) load and give torch's own logits within 1e-4, in a full
 * pass and when decoding over the KV cache.
 *
 * Condition: needs Debian's python3-torch (`/usr/bin/python3 -c "import torch"`); without it the
 * suite says so and skips, since the fixtures cannot be made.
 */
const PYTHON = '/usr/bin/python3';
const hasTorch = fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (!hasTorch) console.warn('torch-export.test.ts skipped: python3-torch is not installed (apt-get install python3-torch)');

interface TorchLogits {
  ids: number[];
  logits: number[][];
  cached_from: number;
  cached_logits: number[][];
}

let root: string;

beforeAll(() => {
  if (!hasTorch) return;
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-torch-'));
  const result = spawnSync(PYTHON, [path.join(appRoot, 'scripts', 'fixtures', 'torch_decoders.py'), root], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`torch_decoders.py failed: ${result.stderr}`);
  // The tokenizer is not part of the graph under test; each family gets its kind.
  const write = (dir: string, name: string, value: unknown) => fs.writeFileSync(path.join(root, dir, name), JSON.stringify(value));
  write('llama', 'tokenizer.json', sentencePieceTokenizerJson(2000, { addBos: true }));
  write('llama', 'tokenizer_config.json', { bos_token: '<s>', eos_token: '</s>', add_bos_token: true });
  write('gpt_neox', 'tokenizer.json', gpt2TokenizerJson(1000));
  write('gpt_neox', 'tokenizer_config.json', { bos_token: '<|endoftext|>', eos_token: '<|endoftext|>' });
}, 150_000);

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
};

describe.skipIf(!hasTorch).each(['llama', 'gpt_neox'])('torch.onnx.export %s', (family) => {
  it('gives torch\'s logits within 1e-4, full pass and over the KV cache, and its attention', async () => {
    const dir = path.join(root, family);
    const torch = JSON.parse(fs.readFileSync(path.join(dir, 'torch-logits.json'), 'utf8')) as TorchLogits;
    const model = await ModelSession.load('t', family, dir, { provider: 'cpu' });
    try {
      expect(model.info.modelType).toBe(family);
      const full = await model.forward({ rows: [torch.ids] });
      expect(full.vocab).toBe(torch.logits[0].length);
      for (let t = 0; t < torch.ids.length; t++) expect(maxAbsDiff(logitsRow(full, 0, t), torch.logits[t])).toBeLessThan(1e-4);
      const state = await model.extendState(torch.ids.slice(0, torch.cached_from));
      const rest = await model.forward({ rows: [torch.ids.slice(torch.cached_from)], past: state });
      torch.cached_logits.forEach((row, t) => expect(maxAbsDiff(logitsRow(rest, 0, t), row)).toBeLessThan(1e-4));
      // Last-position logits (the rewritten graph) on a text, against torch-free full logits.
      const next = await nextToken(model, 'The movie was', 5);
      const reference = logSoftmax(logitsRow(await model.forward({ rows: [next.tokens] }), 0, next.tokens.length - 1));
      for (const top of next.top) expect(Math.abs(top.logprob - reference[top.id])).toBeLessThan(1e-4);
      const attn = await attention(model, 'The movie was');
      expect([attn.layers, attn.heads]).toEqual([2, 4]);
      const n = attn.tokens.length;
      for (const head of attn.weights.flat()) for (let q = 0; q < n; q++) expect(Math.abs(head.slice(q * n, q * n + n).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
    } finally {
      await model.dispose();
    }
  });
});
