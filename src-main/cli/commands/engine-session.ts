import { InvalidArgumentError, type Command } from 'commander';
import { EngineHost } from '../../engine/host.ts';
import type { ModelInfo, ProviderName } from '../../engine/protocol.ts';
import { resolveModelRef } from '../../models/resolve.ts';

/**
 * What the model commands share: `--model` and `--provider`, and an engine host that is always
 * disposed, so the process exits as soon as the command is done.
 */
export interface ModelOptions {
  model: string;
  provider?: string;
  variant?: string;
  dtype?: string;
  json?: boolean;
}

/** The CLI's composition root for the engine: model references resolve as `--model` documents them. */
export function createEngineHost(): EngineHost {
  return new EngineHost({ resolveModel: (ref) => resolveModelRef(ref) });
}

export function addModelOptions(command: Command): Command {
  return command
    .requiredOption('--model <ref>', 'model: "default", a registered name, or a model folder')
    .option('--provider <name>', 'execution provider: auto, cpu, cuda, dml, coreml, webgpu', 'auto')
    .option('--dtype <dtype>', 'which graph of the folder: fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4 or auto, as transformers.js names them (default: as transformers.js picks, fp32 on the CPU)')
    .option('--variant <suffix>', 'ONNX file variant by suffix, as transformers.js names them (e.g. _quantized, _fp16); --dtype is preferred')
    .option('--json', 'print one JSON document on stdout');
}

export async function withModel<T>(options: ModelOptions, work: (host: EngineHost, model: ModelInfo) => Promise<T>): Promise<T> {
  const host = createEngineHost();
  try {
    const model = await host.load(options.model, { provider: (options.provider ?? 'auto') as ProviderName, ...(options.variant ? { variant: options.variant } : {}), ...(options.dtype ? { dtype: options.dtype } : {}) });
    if (model.providerFallback && options.provider && options.provider !== 'auto' && options.provider !== 'cpu') {
      process.stderr.write(`promptscope: ${options.provider} unavailable, running on ${model.provider} (${model.providerFallback})\n`);
    }
    return await work(host, model);
  } finally {
    await host.dispose();
  }
}

/** Commander parser for an integer option with a lower bound. */
export function intOption(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}`);
    return n;
  };
}

export function numberOption(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min) throw new InvalidArgumentError(`expected a number >= ${min}`);
    return n;
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
