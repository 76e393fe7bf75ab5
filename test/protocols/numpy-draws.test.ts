import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NumpyRandomState, zhaoDraw } from '../../src-shared/rng/numpy-legacy.ts';

// Debian's numpy (python3-numpy) is the reference: the draws must be numpy's own, not a re-derivation.
const PYTHON = '/usr/bin/python3';
const hasNumpy = fs.existsSync(PYTHON) && (() => {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function numpy(script: string): unknown {
  return JSON.parse(execFileSync(PYTHON, ['-c', `import json, numpy as np\n${script}`], { encoding: 'utf8' }));
}

// Skipped only where numpy is not installed (CI installs python3-numpy).
describe.skipIf(!hasNumpy)('numpy legacy RandomState parity', () => {
  const cases: [number, number, number][] = [
    [0, 6920, 300], // SST-2's train size, Zhao's 300-example test subsample with seed 0
    [1, 6920, 8],
    [4, 120000, 4],
    [2, 250, 1],
    [3, 56, 56],
    [4294967295, 1000, 10],
    [7, 1, 1],
  ];
  it('choice(n, k, replace=False) after seed(s) gives numpy\'s indices', () => {
    const expected = numpy(`out = []\nfor s, n, k in ${JSON.stringify(cases)}:\n    np.random.seed(s)\n    out.append(np.random.choice(n, k, replace=False).tolist())\nprint(json.dumps(out))`) as number[][];
    cases.forEach(([seed, n, k], i) => expect(zhaoDraw(n, k, seed)).toEqual(expected[i]));
  });

  it('raw 32-bit outputs and consecutive draws from one state match numpy', () => {
    const expected = numpy(`np.random.seed(12345)\nraw = np.random.randint(0, 2**32, size=5, dtype=np.uint64).tolist()\nnp.random.seed(5)\na = np.random.choice(100, 10, replace=False).tolist()\nb = np.random.choice(40, 7, replace=False).tolist()\nprint(json.dumps([raw, a, b]))`) as number[][];
    const state = new NumpyRandomState(12345);
    // randint over the full uint32 range takes one 32-bit output per value.
    expect(Array.from({ length: 5 }, () => state.nextUint32())).toEqual(expected[0]);
    const again = new NumpyRandomState(5);
    expect(again.choiceWithoutReplacement(100, 10)).toEqual(expected[1]);
    expect(again.choiceWithoutReplacement(40, 7)).toEqual(expected[2]);
  });

  it('refuses a sample larger than the pool, as numpy does', () => {
    expect(() => zhaoDraw(3, 4, 0)).toThrow(/sample of 4 from 3/);
  });
});
