import fs from 'node:fs';
import path from 'node:path';
import type { Args } from '../../src-shared/api/contract.ts';
import type { DownloadProgressEvent, DownloadResult } from '../../src-shared/api/models.ts';
import { readModelFolder } from '../engine/model-folder.ts';
import { registerModel } from '../models/registry.ts';

type DownloadArgs = Args<'models.download'>;

/** The Hub's address; `HF_ENDPOINT` overrides it as in huggingface_hub (mirrors, tests). */
function endpoint(env: NodeJS.ProcessEnv): string {
  return (env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/$/, '');
}

/** Files of the Hugging Face ONNX layout that a repository listing offers, for one variant. */
export function pickFiles(siblings: string[], variant: string): string[] {
  const wanted = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'generation_config.json'].filter((f) => siblings.includes(f));
  for (const base of ['onnx/model', 'onnx/decoder_model_merged']) {
    const onnx = `${base}${variant}.onnx`;
    if (siblings.includes(onnx)) return [...wanted, ...siblings.filter((f) => f === onnx || f.startsWith(`${onnx}_data`))];
  }
  return wanted;
}

/** Why a download stopped, with the code the front ends report. */
export class HubDownloadError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'HUB' | 'OFFLINE' | 'MODEL_FOLDER',
    message: string,
  ) {
    super(message);
    this.name = 'HubDownloadError';
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/**
 * Downloads a model repository's ONNX export from the Hub into the application folder and
 * registers it.
 *
 * Each file is written to `<file>.part` and renamed when complete; a later call continues a
 * `.part` with an HTTP Range request and skips finished files, so an interrupted download resumes.
 * Without a network it fails with OFFLINE at once rather than hanging. `home` is the application
 * folder (models go to `<home>/models/<owner>--<name>`); the API's `models.download` is a thin
 * adapter over this function.
 */
export async function downloadFromHub(args: DownloadArgs, services: { env: NodeJS.ProcessEnv; home: string }, progress: (event: DownloadProgressEvent) => void): Promise<DownloadResult> {
  const base = endpoint(services.env);
  const host = new URL(base).host;
  let siblings: string[];
  try {
    const response = await fetch(`${base}/api/models/${args.repo}/revision/${encodeURIComponent(args.revision)}`, { signal: AbortSignal.timeout(15_000) });
    if (response.status === 401 || response.status === 404) throw new HubDownloadError('NOT_FOUND', `${args.repo}@${args.revision}: no such public repository on ${host}`);
    if (!response.ok) throw new HubDownloadError('HUB', `${host} answered ${response.status} for ${args.repo}`);
    const body = (await response.json()) as { siblings?: { rfilename: string }[] };
    siblings = (body.siblings ?? []).map((s) => s.rfilename);
  } catch (error) {
    // The Hub's own answers pass through; anything else is the network.
    if (error instanceof HubDownloadError) throw error;
    throw new HubDownloadError('OFFLINE', `cannot reach ${host}: this machine appears to be offline (${describeNetworkError(error)}); copy the model folder here and use "Add a model folder" instead`);
  }
  const files = pickFiles(siblings, args.variant);
  if (!files.some((f) => f.endsWith('.onnx'))) throw new HubDownloadError('MODEL_FOLDER', `${args.repo} has no onnx/model${args.variant}.onnx or onnx/decoder_model_merged${args.variant}.onnx (not an ONNX export?)`);

  const name = args.repo.replace('/', '--').replace(/[^A-Za-z0-9._-]/g, '-');
  const dir = path.join(services.home, 'models', name);
  let bytes = 0;
  let resumedFiles = 0;
  for (const file of files) {
    const target = path.join(dir, file);
    if (fs.existsSync(target)) {
      resumedFiles++;
      bytes += fs.statSync(target).size;
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const part = `${target}.part`;
    const have = fs.existsSync(part) ? fs.statSync(part).size : 0;
    let response: Response;
    try {
      response = await fetch(`${base}/${args.repo}/resolve/${encodeURIComponent(args.revision)}/${file}`, { headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
    } catch (error) {
      progress({ downloadId: args.downloadId, file, receivedBytes: have, totalBytes: null, state: 'failed', message: describeNetworkError(error) });
      throw new HubDownloadError('OFFLINE', `lost the connection to ${host} while fetching ${file} (${describeNetworkError(error)}); download again to resume`);
    }
    if (!response.ok || !response.body) throw new HubDownloadError('HUB', `${host} answered ${response.status} for ${args.repo}/${file}`);
    const appending = response.status === 206;
    const length = Number(response.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? length + (appending ? have : 0) : null;
    const out = fs.createWriteStream(part, { flags: appending ? 'a' : 'w' });
    let received = appending ? have : 0;
    let lastReport = 0;
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      received += chunk.byteLength;
      if (Date.now() - lastReport > 200) {
        lastReport = Date.now();
        progress({ downloadId: args.downloadId, file, receivedBytes: received, totalBytes: total, state: 'running' });
      }
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    fs.renameSync(part, target);
    bytes += received;
    progress({ downloadId: args.downloadId, file, receivedBytes: received, totalBytes: total, state: 'done' });
  }
  try {
    readModelFolder(dir, args.variant);
  } catch (error) {
    throw new HubDownloadError('MODEL_FOLDER', (error as Error).message.split('\n')[0]);
  }
  const entry = registerModel(name, dir, services.env);
  return { entry: { ref: entry.name, name: entry.name, dir: entry.dir, kind: 'registered', available: true }, bytes, resumedFiles };
}
