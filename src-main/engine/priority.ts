import fs from 'node:fs';
import os from 'node:os';

/** The environment variable through which EngineHost hands its worker a scheduling priority. */
export const ENGINE_NICE_ENV = 'PROMPTSCOPE_ENGINE_NICE';

/**
 * Lowers this process's scheduling priority to `nice` (0 normal … 19 lowest), for the engine
 * worker behind a window: a study keeps every core busy with onnxruntime's threads, and at normal
 * priority the window's main thread waits for a core between frames (on a 2-core machine its 30 ms
 * tasks took 100–270 ms of wall time). At a lower priority the engine gets every cycle the window
 * does not use and the window gets the core when it needs it.
 *
 * On Linux a nice value belongs to a thread, and a new thread takes its creator's: the worker calls
 * this before it loads any model, so onnxruntime's pool inherits it, and renices the threads
 * Node started before (V8's, libuv's). Elsewhere os.setPriority sets the whole process's class.
 * Returns the priority the process has afterwards; a refusal (a sandbox) leaves it as it was.
 */
export function lowerPriority(nice: number): number {
  const tasks = process.platform === 'linux' ? safeList('/proc/self/task') : [];
  for (const target of [0, ...tasks.map(Number).filter((tid) => tid !== process.pid)]) {
    try {
      if (os.getPriority(target) < nice) os.setPriority(target, nice);
    } catch {
      // A thread that ended meanwhile, or a platform that refuses: the engine runs at the priority it has.
    }
  }
  return os.getPriority(0);
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** The nice value the environment asks for (PROMPTSCOPE_ENGINE_NICE), or null for none or an invalid one. */
export function requestedNice(env: NodeJS.ProcessEnv): number | null {
  const raw = env[ENGINE_NICE_ENV];
  if (raw === undefined || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 19 ? n : null;
}
