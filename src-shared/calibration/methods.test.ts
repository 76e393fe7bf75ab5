import { describe, expect, it } from 'vitest';
import { calibrate, CALIBRATION_METHODS, isCalibrationMethod, isDistribution } from './methods.ts';

describe('calibration methods', () => {
  it('knows which outputs are distributions', () => {
    expect(CALIBRATION_METHODS.filter(isDistribution)).toEqual(['none', 'contextual', 'domain']);
    expect(isCalibrationMethod('batch')).toBe(true);
    expect(isCalibrationMethod('platt')).toBe(false);
  });

  it('dispatches to each rule', () => {
    expect(calibrate('none', [2, 6])).toEqual([0.25, 0.75]);
    // contextual: [0.6, 0.4] / [0.8, 0.2] = [0.75, 2] → [0.75/2.75, 2/2.75]
    expect(calibrate('contextual', [0.6, 0.4], [0.8, 0.2])[1]).toBeCloseTo(2 / 2.75, 12);
    // batch on the normalised scores: [3, 2] → [0.6, 0.4]; minus [0.5, 0.5] = [0.1, −0.1]
    const s = calibrate('batch', [3, 2], [0.5, 0.5]);
    expect(s[0]).toBeCloseTo(0.1, 12);
    expect(s[1]).toBeCloseTo(-0.1, 12);
    expect(() => calibrate('domain', [0.5, 0.5])).toThrow('calibration "domain" needs a prior');
  });
});
