import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperimentFile, parseExperiment } from './load-experiment.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-spec-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const contractExample = `name: sst2-order-study
model: default
data:
  train: { path: ../data/sst2/stsa.binary.train, format: sst2 }
  test:  { path: ../data/sst2/stsa.binary.test, format: sst2, sample: 300, seed: 0 }
task:
  instruction: ""
  template: "Review: {{input}}\\nSentiment: {{label}}"
  separator: "\\n\\n"
  labels: { "0": ["Negative"], "1": ["Positive"] }
shots: 4
seeds: [0, 1, 2, 3, 4]
sampling: uniform
orders: all
calibration: [none, contextual, batch]
contentFree: ["N/A", "", "[MASK]"]
`;

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

const minimal = {
  name: 'x',
  data: { train: { path: 'a', format: 'sst2' }, test: { path: 'b', format: 'sst2' } },
  task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels: { '0': 'Negative', '1': ['Positive', 'Good'] } },
  shots: 2,
  seeds: [0],
};

describe('experiment file', () => {
  it("reads CONTRACT.md's example, resolving paths against the file's folder", () => {
    const { spec } = loadExperimentFile(write('studies/sst2.yaml', contractExample));
    expect(spec.data.train.path).toBe(path.join(dir, 'data', 'sst2', 'stsa.binary.train'));
    expect(spec.data.test).toMatchObject({ sample: 300, seed: 0, format: 'sst2' });
    expect(spec.task.labels).toEqual({ '0': ['Negative'], '1': ['Positive'] });
    expect(spec).toMatchObject({ shots: 4, orders: 'all', classes: ['0', '1'], calibration: ['none', 'contextual', 'batch'], contextPolicy: 'reject', labelMode: 'single-token' });
    expect(spec.model).toBe('default');
  });

  it('reads JSON too, and resolves a model folder relative to the file', () => {
    const { spec } = loadExperimentFile(write('j/e.json', JSON.stringify({ ...minimal, model: './m' })));
    expect(spec.model).toBe(path.join(dir, 'j', 'm'));
    expect(spec.task.labels['0']).toEqual(['Negative']);
    expect(spec.contentFree).toEqual(['N/A', '', '[MASK]']);
  });

  it('derives shots from shotsPerClass and forces balanced sampling', () => {
    const spec = parseExperiment({ ...minimal, shots: undefined, shotsPerClass: 2 });
    expect(spec).toMatchObject({ shots: 4, sampling: 'balanced' });
  });

  it.each([
    [{ ...minimal, seed: [0] }, /experiment: unknown field seed/],
    [{ ...minimal, shots: undefined }, /shots: required/],
    [{ ...minimal, shots: -1 }, /shots: /],
    [{ ...minimal, seeds: [] }, /seeds: /],
    [{ ...minimal, seeds: [1, 1] }, /seeds: seeds must be distinct/],
    [{ ...minimal, orders: 'some' }, /orders: /],
    [{ ...minimal, calibration: ['platt'] }, /calibration\.0: /],
    [{ ...minimal, data: { ...minimal.data, test: { path: 'b', format: 'xml' } } }, /data\.test\.format: /],
    [{ ...minimal, task: { ...minimal.task, labels: { '0': 'Negative' } } }, /task\.labels: needs at least two classes/],
    [{ ...minimal, task: { ...minimal.task, labels: { '0': [], '1': 'x' } } }, /task\.labels\.0: /],
    [{ ...minimal, shots: 9, orders: 'all' }, /orders: "all" with 9 shots/],
    [{ ...minimal, shots: 3, shotsPerClass: 2 }, /shots: is 3 but shotsPerClass x classes is 4/],
    [[1, 2], /expected a mapping/],
  ])('rejects bad field %#', (value, message) => {
    expect(() => parseExperiment(value)).toThrow(message);
  });

  it('names the file and line of a YAML syntax error, and a missing file', () => {
    expect(() => loadExperimentFile(write('bad.yaml', 'name: x\ntask: [unclosed\n'))).toThrow(/^bad\.yaml:\d+: /);
    expect(() => loadExperimentFile(path.join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: file not found/);
  });
});
