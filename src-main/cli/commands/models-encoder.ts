import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors.ts';
import { printJson } from './engine-session.ts';

/** Architectures `models synth` builds as masked-LM encoders. */
export const ENCODER_ARCHS = ['bert', 'roberta', 'albert', 'distilbert'] as const;

export interface EncoderSynthCliOptions {
  arch: string;
  out: string;
  layers: number;
  hidden: number;
  heads: number;
  vocab: number | 'gpt2';
  ctx: number;
  seed: number;
  layout?: string;
  embedding?: number;
  json?: boolean;
}

/** `models synth --arch bert|roberta|albert|distilbert`: the encoder half of the builder. */
export async function synthEncoderCommand(options: EncoderSynthCliOptions, ctxGiven: boolean): Promise<void> {
  const out = path.resolve(options.out);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new CliError(`${out} exists and is not empty; choose an empty or new --out folder`);
  const layout = options.layout ?? 'onnx';
  if (layout !== 'onnx' && layout !== 'flat') throw new CliError(`unsupported --layout "${layout}": onnx (onnx/model.onnx) or flat (model.onnx)`);
  const { synthEncoder } = await import('../../engine/synth/encoder.ts');
  let result;
  try {
    result = await synthEncoder({
      family: options.arch as (typeof ENCODER_ARCHS)[number],
      outDir: out,
      layers: options.layers,
      hidden: options.hidden,
      heads: options.heads,
      ...(options.vocab !== 'gpt2' ? { vocab: options.vocab } : {}),
      // BERT-family models hold 512 positions; the decoder default (1024) applies only when asked for.
      ...(ctxGiven ? { ctx: options.ctx } : {}),
      ...(options.embedding !== undefined ? { embedding: options.embedding } : {}),
      seed: options.seed,
      layout,
    });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (options.json) return printJson({ outDir: result.outDir, files: result.files, shape: result.shape, parameters: result.parameters, modelBytes: result.modelBytes });
  const s = result.shape;
  const albert = s.family === 'albert' ? `, embedding ${s.embedding}, one shared layer` : '';
  process.stdout.write(`wrote ${result.outDir}: ${s.family}, ${s.layers} layers, hidden ${s.hidden}, ${s.heads} heads${albert}, vocab ${s.vocab}, ${result.parameters} parameters\n`);
}
