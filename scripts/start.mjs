#!/usr/bin/env node
// `npm start`: build the app if its sources changed, open the Electron app, and where Electron
// cannot start (its binary was not fetched, or there is no display) say so in one line and serve the
// same workbench in the browser, as `promptscope serve` does, printing its URL.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['out/main/index.js', 'out/main/backend.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((f) => path.join(root, f));

/** Newest modification time under the given folders (the app's sources). */
function newestSource(dirs) {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of dirs) if (fs.existsSync(dir)) walk(dir);
  return newest;
}

function buildIfNeeded() {
  const built = outputs.every((f) => fs.existsSync(f));
  const oldestOutput = built ? Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs)) : 0;
  const sources = newestSource(['src-main', 'src-shared', 'src-renderer'].map((d) => path.join(root, d)));
  if (built && oldestOutput >= sources) return;
  process.stderr.write('promptscope: building the app (electron-vite build)...\n');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write('promptscope: the build failed; see the messages above\n');
    process.exit(result.status ?? 1);
  }
}

/**
 * The Electron binary, or why there is none. Read from the electron package's path.txt rather than
 * by requiring the package: Electron 45 would try to download a missing binary at that point.
 */
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(pkg, 'path.txt');
  if (!override && !fs.existsSync(pathFile)) return { reason: 'the Electron binary is not installed (npm ci fetches it where the network allows)' };
  const binary = path.join(override ?? path.join(pkg, 'dist'), fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? { binary } : { reason: `the Electron binary is missing at ${binary}` };
}

function serveInBrowser(reason) {
  process.stdout.write(`Electron cannot start here: ${reason}; serving the workbench in your browser instead.\n`);
  const args = [path.join(root, 'bin', 'promptscope.js'), 'serve', '--port', process.env.PORT ?? '0'];
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

buildIfNeeded();
const { binary, reason } = electronBinary();
if (!binary) serveInBrowser(reason);
else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) serveInBrowser('there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)');
else {
  const startedAt = Date.now();
  let stderr = '';
  const child = spawn(binary, [root], { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    process.stderr.write(chunk);
  });
  child.on('error', (error) => serveInBrowser(`Electron failed to launch (${error.message})`));
  child.on('exit', (code, signal) => {
    // A crash within seconds of launch means Electron cannot run here (missing libraries, no GPU
    // or display access): fall back. A later exit is the user closing the app.
    if (code !== 0 && !signal && Date.now() - startedAt < 10_000) serveInBrowser(`Electron exited at start (code ${code}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''})`);
    else process.exit(code ?? 0);
  });
}
