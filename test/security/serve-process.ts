import fs from 'node:fs';
import path from 'node:path';
import { startServeProcess, type ServeProcess } from '../support/serve-process.ts';

export type Serve = ServeProcess;

/**
 * A real `promptscope serve` with its own home and a two-file renderer (the attacks target the
 * server, so the page itself needs no build), resolved once it prints its URL.
 */
export function startServe(home: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Serve> {
  const rendererDir = path.join(home, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Promptscope</title><script src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'document.title = "loaded";');
  return startServeProcess(home, { args, env: { PROMPTSCOPE_RENDERER_DIR: rendererDir, ...env }, timeoutMs: 60_000 });
}
