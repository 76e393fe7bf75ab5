import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../paths.ts';
import { readRegistry } from '../models/registry.ts';
import { downloadFromHub, HubDownloadError } from './hub-download.ts';

/**
 * The Hub download against a local stand-in for the Hub (HF_ENDPOINT), serving the embedded
 * default model's real files: the repository listing, then each file, with Range requests.
 */
const modelDir = path.join(appRoot, 'resources', 'models', 'default');
const served = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'onnx/model.onnx'];

describe('downloadFromHub (use case behind models.download)', () => {
  let server: http.Server;
  let endpoint: string;
  let home: string;
  const ranges: (string | undefined)[] = [];

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-hub-'));
    server = http.createServer((req, res) => {
      const url = req.url ?? '';
      if (url === '/api/models/org/tiny/revision/main') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ siblings: [...served, 'README.md'].map((rfilename) => ({ rfilename })) }));
        return;
      }
      const match = /^\/org\/tiny\/resolve\/main\/(.+)$/.exec(url);
      if (!match || !served.includes(match[1])) {
        res.statusCode = 404;
        res.end();
        return;
      }
      const bytes = fs.readFileSync(path.join(modelDir, match[1]));
      ranges.push(req.headers.range);
      const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
      res.statusCode = from > 0 ? 206 : 200;
      res.setHeader('content-length', String(bytes.length - from));
      res.end(bytes.subarray(from));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(home, { recursive: true, force: true });
  });

  const args = (repo: string) => ({ repo, revision: 'main', variant: '', downloadId: 'd1' });

  it('fetches the ONNX layout, registers the folder, and resumes a partial file with a Range request', async () => {
    const env = { PROMPTSCOPE_HOME: home, HF_ENDPOINT: endpoint };
    // A download cut short: half of model.onnx is already there as .part.
    const target = path.join(home, 'models', 'org--tiny', 'onnx', 'model.onnx');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const whole = fs.readFileSync(path.join(modelDir, 'onnx/model.onnx'));
    fs.writeFileSync(`${target}.part`, whole.subarray(0, 1000));
    const events: string[] = [];
    const result = await downloadFromHub(args('org/tiny'), { env, home }, (e) => events.push(`${e.file}:${e.state}`));
    expect(result.entry).toMatchObject({ name: 'org--tiny', kind: 'registered', available: true });
    expect(fs.readFileSync(target).equals(whole)).toBe(true);
    expect(ranges).toContain('bytes=1000-');
    expect(events.filter((e) => e.endsWith(':done')).sort()).toEqual(served.map((f) => `${f}:done`).sort());
    expect(readRegistry(env).map((m) => m.name)).toContain('org--tiny');
    // Again: every file is there, nothing is fetched.
    const again = await downloadFromHub(args('org/tiny'), { env, home }, () => {});
    expect(again.resumedFiles).toBe(served.length);
  });

  it('names a missing repository NOT_FOUND and an unreachable Hub OFFLINE', async () => {
    const missing = downloadFromHub(args('org/none'), { env: { PROMPTSCOPE_HOME: home, HF_ENDPOINT: endpoint }, home }, () => {});
    await expect(missing).rejects.toThrow(HubDownloadError);
    await expect(missing).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('org/none@main') });
    const offline = downloadFromHub(args('org/tiny'), { env: { PROMPTSCOPE_HOME: home, HF_ENDPOINT: 'http://127.0.0.1:9' }, home }, () => {});
    await expect(offline).rejects.toMatchObject({ code: 'OFFLINE' });
  });
});
