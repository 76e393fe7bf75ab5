import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineFailure } from './engine-failure.ts';
import type { ModelFolder } from './model-folder.ts';
import { OnnxError } from './onnx/model-io.ts';
import { createSession, type OrtSession, type SessionRequest } from './runtime.ts';

export interface RewrittenSession {
  session: OrtSession;
  /** Releases the session and any temporary files. */
  release(): Promise<void>;
}

/**
 * A session over a rewritten copy of the model's graph (attention outputs, last-position logits,
 * hidden states), built from the graph bytes in memory.
 *
 * Models with external data name their weight files relative to the graph, so their rewritten
 * graph is written into a temporary folder beside hard links to those files (copies where the
 * temporary folder is on another file system); the folder goes with the session.
 */
export async function createRewrittenSession(folder: Pick<ModelFolder, 'dir' | 'onnxFile' | 'files'>, rewrite: (bytes: Uint8Array) => Uint8Array, request: SessionRequest, label: string): Promise<RewrittenSession> {
  const onnxPath = path.join(folder.dir, folder.onnxFile);
  let bytes: Uint8Array;
  try {
    bytes = rewrite(fs.readFileSync(onnxPath));
  } catch (error) {
    if (error instanceof OnnxError) throw new EngineFailure(error.code, `${onnxPath}: ${error.message}`);
    throw error;
  }
  const external = folder.files.filter((f) => f !== folder.onnxFile && path.dirname(f) === path.dirname(folder.onnxFile) && f.startsWith(`${folder.onnxFile}`));
  if (external.length === 0) {
    const { session } = await createSession(bytes, request, label);
    return { session, release: () => session.release() };
  }
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-graph-'));
  try {
    for (const file of external) {
      const target = path.join(temp, path.basename(file));
      // A hard link, not a symlink: onnxruntime (1.30) resolves external data paths and refuses one
      // that leaves the graph's folder, which a symlink does. Across file systems, a copy.
      try {
        fs.linkSync(path.join(folder.dir, file), target);
      } catch {
        fs.copyFileSync(path.join(folder.dir, file), target);
      }
    }
    const graph = path.join(temp, path.basename(folder.onnxFile));
    fs.writeFileSync(graph, bytes);
    const { session } = await createSession(graph, request, label);
    return {
      session,
      release: async () => {
        await session.release();
        fs.rmSync(temp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}
