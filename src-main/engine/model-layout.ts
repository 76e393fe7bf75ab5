import fs from 'node:fs';
import path from 'node:path';
import { DTYPE_SUFFIX } from '../../src-shared/models/dtypes.ts';
import { EngineFailure } from './engine-failure.ts';

/**
 * Where a folder keeps its ONNX graphs, and which dtype variants it has.
 *
 * Three layouts are in use: transformers.js / onnx-community folders (`onnx/model{suffix}.onnx`),
 * Optimum's flat output (`optimum-cli export onnx` writes `model.onnx` beside `config.json`), and
 * the legacy merged decoder (`decoder_model_merged{suffix}.onnx`, in either place). The layout is
 * read from the files present, never assumed. Dtypes are named as transformers.js names them,
 * with its suffixes; without a choice it picks `fp32` on the CPU (or the config's
 * `transformers.js_config.dtype`), and so does Promptscope.
 */

/** transformers.js dtype -> file-name suffix (its DEFAULT_DTYPE_SUFFIX_MAPPING), declared in src-shared for the Models view too. */
export { DTYPE_SUFFIX };

export const DEFAULT_DTYPE = 'fp32';

export type LayoutName = 'onnx-subfolder' | 'optimum-flat' | 'legacy-merged';

export interface OnnxVariant {
  dtype: string;
  /** Relative to the model folder. */
  file: string;
  layout: LayoutName;
  /** The graph file plus its external data files. */
  bytes: number;
  externalData: string[];
}

const SUFFIX_DTYPE = new Map(Object.entries(DTYPE_SUFFIX).map(([dtype, suffix]) => [suffix, dtype]));

/** The dtype a file-name suffix stands for, or undefined when it is not one transformers.js knows. */
function dtypeOfSuffix(suffix: string): string | undefined {
  return SUFFIX_DTYPE.get(suffix);
}

/**
 * External data files of a graph file: `X.onnx_data`, `X.onnx_data_1`, ... (transformers.js'
 * numbered chunks), `X.onnx.data` (torch.onnx.export's name), `X.data` (onnx's save helper).
 */
export function externalDataFiles(dir: string, onnxFile: string): string[] {
  const base = path.basename(onnxFile);
  const folder = path.dirname(onnxFile);
  const stem = base.replace(/\.onnx$/, '');
  const abs = path.join(dir, folder);
  return fs
    .readdirSync(abs)
    .filter((f) => f !== base && (f === `${base}_data` || /^.+\.onnx_data_\d+$/.test(f) && f.startsWith(`${base}_data_`) || f === `${base}.data` || f === `${stem}.data`))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => (folder === '.' ? f : `${folder}/${f}`));
}

const fileBytes = (dir: string, files: string[]) => files.reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);

/** Every decoder graph the folder holds, by layout and dtype. */
export function listVariants(dir: string): OnnxVariant[] {
  const found: OnnxVariant[] = [];
  const scan = (folder: string) => {
    const abs = path.join(dir, folder);
    if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) return;
    for (const name of fs.readdirSync(abs).sort()) {
      const match = /^(model|decoder_model_merged)(_[a-z0-9]+)?\.onnx$/.exec(name);
      if (!match) continue;
      const dtype = dtypeOfSuffix(match[2] ?? '');
      if (!dtype) continue;
      const file = folder ? `${folder}/${name}` : name;
      const layout: LayoutName = match[1] === 'decoder_model_merged' ? 'legacy-merged' : folder ? 'onnx-subfolder' : 'optimum-flat';
      const externalData = externalDataFiles(dir, file);
      found.push({ dtype, file, layout, bytes: fileBytes(dir, [file, ...externalData]), externalData });
    }
  };
  scan('onnx');
  scan('');
  return found;
}

/** The dtype asked for explicitly, else the config's transformers.js_config.dtype, else fp32. */
export function resolveDtype(requested: string | undefined, rawConfig: Record<string, unknown>, configFile: string): string {
  const custom = rawConfig['transformers.js_config'] as { dtype?: unknown } | undefined;
  const fromConfig = typeof custom?.dtype === 'string' ? custom.dtype : (custom?.dtype as Record<string, unknown> | undefined)?.model;
  let dtype = requested ?? (typeof fromConfig === 'string' ? fromConfig : undefined) ?? DEFAULT_DTYPE;
  if (dtype === 'auto') dtype = typeof fromConfig === 'string' && fromConfig !== 'auto' ? fromConfig : DEFAULT_DTYPE;
  if (!(dtype in DTYPE_SUFFIX)) {
    const origin = requested !== undefined ? 'dtype' : `${configFile} transformers.js_config.dtype`;
    throw new EngineFailure('BAD_DTYPE', `${origin} "${dtype}" is not a dtype transformers.js names (${Object.keys(DTYPE_SUFFIX).join(', ')}, auto)`);
  }
  return dtype;
}

/** The transformers.js suffix named by a dtype or given as a raw suffix ('_fp16'). */
export function dtypeOfVariant(variant: string): string {
  const dtype = dtypeOfSuffix(variant);
  if (dtype === undefined) throw new EngineFailure('BAD_DTYPE', `variant "${variant}" is not a suffix transformers.js uses (${Object.values(DTYPE_SUFFIX).filter(Boolean).join(', ')})`);
  return dtype;
}

/**
 * The graph to load for `dtype`: `onnx/model{suffix}.onnx`, then Optimum's flat `model{suffix}.onnx`,
 * then the legacy merged file in either place. The error names what the folder does hold.
 */
export function pickVariant(dir: string, dtype: string): OnnxVariant {
  const variants = listVariants(dir);
  const order: LayoutName[] = ['onnx-subfolder', 'optimum-flat', 'legacy-merged'];
  const chosen = variants.filter((v) => v.dtype === dtype).sort((a, b) => order.indexOf(a.layout) - order.indexOf(b.layout) || a.file.localeCompare(b.file))[0];
  if (chosen) return chosen;
  const suffix = DTYPE_SUFFIX[dtype];
  const wanted = `onnx/model${suffix}.onnx, model${suffix}.onnx or onnx/decoder_model_merged${suffix}.onnx`;
  if (variants.length === 0) {
    const stray = [...(fs.existsSync(path.join(dir, 'onnx')) ? fs.readdirSync(path.join(dir, 'onnx')).map((f) => `onnx/${f}`) : []), ...fs.readdirSync(dir)].filter((f) => f.endsWith('.onnx'));
    const note = stray.length > 0 ? `; its ONNX files (${stray.join(', ')}) are not decoder graphs of the Hugging Face layout` : '';
    throw new EngineFailure('MODEL_FOLDER', `${dir} has no ${wanted}${note}`);
  }
  const have = [...new Set(variants.map((v) => v.dtype))].join(', ');
  throw new EngineFailure('MODEL_FOLDER', `${dir} has no ${dtype} graph (${wanted}); it has dtype ${have}: choose one with --dtype`);
}
