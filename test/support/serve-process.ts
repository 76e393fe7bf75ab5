import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { appRoot } from '../../src-main/paths.ts';

/** A running `promptscope serve` child process and what it printed. */
export interface ServeProcess {
  url: string;
  origin: string;
  port: number;
  token: string;
  child: ChildProcess;
  /** Everything the server wrote to stderr so far (attached to failing tests). */
  stderr(): string;
  stop(): Promise<void>;
}

const URL_LINE = /^(http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)$/m;

/**
 * Starts `promptscope serve --port 0 ARGS` with `home` as its application-data folder and resolves
 * once it prints its URL line on stdout (the e2e suite and the security suite both run it so).
 */
export function startServeProcess(home: string, options: { args?: string[]; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ServeProcess> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const child = spawn(process.execPath, [path.join(appRoot, 'bin', 'promptscope.js'), 'serve', '--port', '0', ...(options.args ?? [])], {
    cwd: appRoot,
    env: { ...process.env, PROMPTSCOPE_HOME: home, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`promptscope serve printed no URL within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`promptscope serve exited with code ${code} before printing its URL; stderr: ${stderr}`));
    };
    child.once('exit', early);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = URL_LINE.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', early);
      resolve({
        url: match[0],
        origin: match[1],
        port: Number(match[2]),
        token: match[3],
        child,
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
