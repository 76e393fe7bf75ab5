import fs from 'node:fs';
import path from 'node:path';
import { EngineFailure } from './engine-failure.ts';
import type { ModelFolder } from './model-folder.ts';
import { OnnxError } from './onnx/model-io.ts';
import { createSession, type OrtSession, type SessionRequest } from './runtime.ts';

export interface RewrittenSession {
  session: OrtSession;
  /** Releases the session. */
  release(): Promise<void>;
}

/**
 * A session over a rewritten copy of the model's graph (attention outputs, last-position logits,
 * hidden states), built from the graph bytes in memory.
 *
 * Models with external data name their weight files relative to the graph; the session is told
 * that folder (`session.model_external_initializers_file_folder_path`), so nothing is copied or
 * linked and the weights are read where they are.
 */
export async function createRewrittenSession(folder: Pick<ModelFolder, 'dir' | 'onnxFile' | 'files' | 'externalData'>, rewrite: (bytes: Uint8Array) => Uint8Array, request: SessionRequest, label: string): Promise<RewrittenSession> {
  const onnxPath = path.join(folder.dir, folder.onnxFile);
  let bytes: Uint8Array;
  try {
    bytes = rewrite(fs.readFileSync(onnxPath));
  } catch (error) {
    if (error instanceof OnnxError) throw new EngineFailure(error.code, `${onnxPath}: ${error.message}`);
    throw error;
  }
  // A graph with external data names its weight files relative to itself: the session reads the
  // rewritten bytes from memory and its weights from the model's own folder. (Links to the files
  // in a temporary folder no longer work: onnxruntime refuses external data that resolves outside
  // the model's folder.)
  const externalFolder = folder.externalData.length > 0 ? path.join(folder.dir, path.dirname(folder.onnxFile)) : undefined;
  const { session } = await createSession(bytes, { ...request, ...(externalFolder ? { externalDataFolder: externalFolder } : {}) }, label);
  return { session, release: () => session.release() };
}
