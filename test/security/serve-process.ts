import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appRoot } from '../../src-main/paths.ts';

export interface Serve {
  origin: string;
  port: number;
  token: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

const URL_LINE = /^(http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)$/m;

/**
 * A real `promptscope serve` child process with its own home and a two-file renderer (the attacks
 * target the server, so the page itself needs no build), resolved once it prints its URL.
 */
export function startServe(home: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Serve> {
  const rendererDir = path.join(home, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Promptscope</title><script src="/assets/app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'document.title = "loaded";');
  const child = spawn(process.execPath, [path.join(appRoot, 'bin', 'promptscope.js'), 'serve', '--port', '0', ...args], {
    cwd: appRoot,
    env: { ...process.env, PROMPTSCOPE_HOME: home, PROMPTSCOPE_RENDERER_DIR: rendererDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no URL; stderr: ${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}; stderr: ${stderr}`));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = URL_LINE.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        origin: match[1],
        port: Number(match[2]),
        token: match[3],
        child,
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}
