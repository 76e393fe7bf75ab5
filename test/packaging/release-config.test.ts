import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

/**
 * `npm run dist`'s configuration (electron-builder.yml) and the release workflow that runs it on
 * GitHub's runners (.github/workflows/release.yml), checked offline: the workflow cannot run here.
 */
const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean;
  anyOf?: SchemaNode[];
  $ref?: string;
}

const schema = JSON.parse(read('node_modules/app-builder-lib/scheme.json')) as SchemaNode & { definitions: Record<string, SchemaNode> };

/** The object schema a property refers to (through `anyOf: [{ $ref }, { type: null }]`). */
function objectSchema(node: SchemaNode | undefined): SchemaNode | undefined {
  const ref = node?.$ref ?? node?.anyOf?.find((n) => n.$ref)?.$ref;
  return ref ? schema.definitions[ref.replace('#/definitions/', '')] : node?.properties ? node : undefined;
}

/** Keys electron-builder does not know, at the top level and one level into each section. */
function unknownKeys(config: Record<string, unknown>): string[] {
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const property = schema.properties?.[key];
    if (!property) {
      unknown.push(key);
      continue;
    }
    const section = objectSchema(property);
    if (section?.properties && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of Object.keys(value)) if (!(inner in section.properties)) unknown.push(`${key}.${inner}`);
    }
  }
  return unknown;
}

const builder = YAML.parse(read('electron-builder.yml')) as Record<string, unknown> & {
  directories: { output: string };
  files: string[];
  extraResources: { from: string; to: string }[];
  asarUnpack: string[];
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
};
const pkg = JSON.parse(read('package.json')) as { main: string; scripts: Record<string, string>; dependencies: Record<string, string> };

describe('electron-builder.yml', () => {
  it('uses only keys electron-builder knows', () => {
    expect(unknownKeys(builder)).toEqual([]);
    // The check can fail: a misspelt key is reported.
    expect(unknownKeys({ ...builder, appID: 'x', linux: { ...builder.linux, categroy: 'Science' } }).sort()).toEqual(['appID', 'linux.categroy']);
  });

  it('packages the built app and the entry package.json names', () => {
    expect(pkg.scripts.dist).toBe('electron-vite build && electron-builder');
    expect(builder.files).toContain('out/**/*');
    expect(pkg.main.startsWith('./out/')).toBe(true);
    expect(builder.directories.output).toBe('release');
  });

  it('ships the embedded model where the packaged app looks for it', () => {
    const model = builder.extraResources.find((r) => r.from === 'resources/models/default');
    expect(model?.to).toBe('models/default');
    expect(fs.existsSync(path.join(root, model!.from, 'config.json'))).toBe(true);
    // src-main/electron/main.ts: process.resourcesPath/models/default when packaged.
    expect(read('src-main/electron/main.ts')).toContain("path.join(process.resourcesPath, 'models', 'default')");
  });

  it('keeps the native addons outside the asar archive', () => {
    for (const addon of ['onnxruntime-node', 'better-sqlite3']) {
      expect(pkg.dependencies[addon]).toBeDefined();
      expect(builder.asarUnpack).toContain(`node_modules/${addon}/**`);
    }
  });
});

describe('.github/workflows/release.yml', () => {
  const workflow = YAML.parse(read('.github/workflows/release.yml')) as {
    jobs: { installers: { strategy: { matrix: { include: { os: string; targets: string }[] } }; steps: { run?: string; if?: string }[]; env: Record<string, string> } };
  };
  const job = workflow.jobs.installers;

  it('builds on Linux, Windows and macOS runners the targets electron-builder.yml declares', () => {
    const byOs = Object.fromEntries(job.strategy.matrix.include.map((m) => [m.os.split('-')[0], m.targets]));
    expect(Object.keys(byOs).sort()).toEqual(['macos', 'ubuntu', 'windows']);
    expect(byOs.ubuntu).toBe(`--linux ${builder.linux.target.join(' ')}`);
    expect(byOs.windows).toBe(`--win ${builder.win.target.join(' ')}`);
    expect(byOs.macos).toBe(`--mac ${builder.mac.target.join(' ')}`);
    expect(job.steps.some((s) => s.run?.includes('electron-builder ${{ matrix.targets }}'))).toBe(true);
  });

  it('runs the Electron e2e test, under xvfb on Linux, and does not let it skip', () => {
    const linux = job.steps.find((s) => s.if === "runner.os == 'Linux'");
    expect(linux?.run).toMatch(/xvfb-run .*playwright test e2e\/electron\.spec\.ts/);
    expect(job.env.PROMPTSCOPE_E2E_REQUIRE_ELECTRON).toBe('1');
    expect(read('e2e/electron.spec.ts')).toContain('process.env.PROMPTSCOPE_E2E_REQUIRE_ELECTRON');
    expect(fs.readFileSync(path.join(root, '.github/workflows/release.yml'), 'utf8')).toMatch(/^# [\s\S]*cannot run where Promptscope is developed/m);
  });
});
