import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { physicalCores } from '../src-main/engine/runtime.ts';

/** What the numbers were measured on; no host names or paths. */
export interface MachineInfo {
  cpu: string;
  logicalCpus: number;
  physicalCores: number;
  ramGiB: number;
  node: string;
  onnxruntimeNode: string;
  transformersJs: string;
  os: string;
}

export function describeMachine(): MachineInfo {
  const require = createRequire(import.meta.url);
  // Some packages do not export ./package.json: walk up from their entry file instead.
  const version = (pkg: string): string => {
    let dir = path.dirname(require.resolve(pkg));
    for (;;) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (json.name === pkg) return json.version ?? 'unknown';
      }
      if (path.dirname(dir) === dir) return 'unknown';
      dir = path.dirname(dir);
    }
  };
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1].trim();
  } catch {
    // Not Linux: os.cpus() already named the model.
  }
  return {
    cpu,
    logicalCpus: os.availableParallelism?.() ?? os.cpus().length,
    physicalCores: physicalCores(),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    onnxruntimeNode: version('onnxruntime-node'),
    transformersJs: version('@huggingface/transformers'),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

/** The 1-minute load average, a rough measure of how busy the shared machine was. */
export function loadAverage(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}
