import fs from 'node:fs';
import path from 'node:path';
import { readModelFolder, type FolderRequest } from './model-folder.ts';
import { listVariants, type OnnxVariant } from './model-layout.ts';
import { decodeModel } from './onnx/model-io.ts';
import { countParameters } from './onnx/parameter-count.ts';

/**
 * What `models info` shows about a folder without running it: family, kind, the graph a load
 * would pick (dtype, layout, size, parameters) and every other variant the folder holds, and the
 * tokenizer's chat template, which is shown and never applied to prompts.
 */
export interface FolderSummary {
  dir: string;
  family: string;
  kind: string;
  onnxFile: string;
  dtype: string;
  layout: string;
  /** Graph plus external data. */
  bytes: number;
  parameters: number;
  externalData: string[];
  variants: Omit<OnnxVariant, 'externalData'>[];
  nLayer: number;
  nHead: number;
  nKvHead: number;
  hiddenSize: number;
  contextLength: number;
  vocabSize?: number;
  chatTemplate?: string;
}

export function summarizeFolder(dir: string, request: FolderRequest = {}): FolderSummary {
  const folder = readModelFolder(dir, request);
  const onnxPath = path.join(folder.dir, folder.onnxFile);
  const parameters = countParameters(decodeModel(fs.readFileSync(onnxPath), onnxPath));
  const bytes = [folder.onnxFile, ...folder.externalData].reduce((sum, f) => sum + fs.statSync(path.join(folder.dir, f)).size, 0);
  const template = folder.tokenizerConfig.chat_template;
  const chatTemplate = typeof template === 'string' ? template : Array.isArray(template) ? JSON.stringify(template) : undefined;
  const c = folder.config;
  return {
    dir: folder.dir,
    family: c.modelType,
    kind: folder.kind,
    onnxFile: folder.onnxFile,
    dtype: folder.dtype,
    layout: folder.layout,
    bytes,
    parameters,
    externalData: folder.externalData,
    variants: listVariants(folder.dir).map(({ externalData: _e, ...v }) => v),
    nLayer: c.nLayer,
    nHead: c.nHead,
    nKvHead: c.nKvHead,
    hiddenSize: c.hiddenSize,
    contextLength: c.contextLength,
    ...(c.vocabSize !== undefined ? { vocabSize: c.vocabSize } : {}),
    ...(chatTemplate !== undefined ? { chatTemplate } : {}),
  };
}
