import { describe, expect, it } from 'vitest';
import type { DatasetSummary } from '../../../src-shared/api/datasets.ts';
import { buildExperimentSpec, defaultStudyConfig, factorial, parseContentFree, parseSeeds } from './study-config.ts';

const dataset = (id: string, name: string): DatasetSummary => ({
  datasetId: id,
  name,
  format: 'sst2',
  path: `/data/${name}`,
  rows: 10,
  labels: { '0': 5, '1': 5 },
  fields: ['input'],
  importedAt: '2026-01-01T00:00:00Z',
});

describe('parseSeeds', () => {
  it('reads lists and ranges, dropping repeats', () => {
    expect(parseSeeds('0, 1, 2')).toEqual([0, 1, 2]);
    expect(parseSeeds('0-3, 2 7')).toEqual([0, 1, 2, 3, 7]);
  });
  it('names the bad piece', () => {
    expect(() => parseSeeds('0, x1')).toThrow(/"x1"/);
    expect(() => parseSeeds('4-2')).toThrow(/backwards/);
    expect(() => parseSeeds(' ')).toThrow(/at least one/);
  });
});

describe('parseContentFree', () => {
  it('keeps an empty middle line as the empty input and drops trailing empty lines', () => {
    expect(parseContentFree('N/A\n\n[MASK]\n')).toEqual(['N/A', '', '[MASK]']);
  });
});

describe('buildExperimentSpec', () => {
  it('builds the CONTRACT.md experiment from the form, the prompt and the datasets', () => {
    const config = { ...defaultStudyConfig(), trainDatasetId: 'a', testDatasetId: 'b', calibration: ['none', 'contextual'], seedsText: '0-1' };
    const spec = buildExperimentSpec(
      config,
      { instruction: '', template: 'Review: {{input}}\nSentiment: {{label}}', separator: '\n\n', labelWords: { '0': ['Negative'], '1': ['Positive'] } },
      [dataset('a', 'train'), dataset('b', 'test')],
      'default',
    );
    expect(spec).toMatchObject({
      model: 'default',
      data: { train: { path: '/data/train', format: 'sst2' }, test: { path: '/data/test', format: 'sst2', sample: 40, seed: 0 } },
      task: { labels: { '0': ['Negative'], '1': ['Positive'] } },
      shots: 4,
      seeds: [0, 1],
      orders: 'all',
      calibration: ['none', 'contextual'],
      contentFree: ['N/A', '', '[MASK]'],
    });
  });
  it('refuses a label without words', () => {
    const config = { ...defaultStudyConfig(), trainDatasetId: 'a', testDatasetId: 'a' };
    expect(() =>
      buildExperimentSpec(config, { instruction: '', template: '{{input}} {{label}}', separator: '\n', labelWords: { '0': ['no'] } }, [dataset('a', 'train')], 'default'),
    ).toThrow(/label "1" has no label word/);
  });
  it('counts the orders "all" means', () => {
    expect(factorial(4)).toBe(24);
  });
});

describe('pins and exclusions', () => {
  const prompt = { instruction: '', template: 'Review: {{input}}\nSentiment: {{label}}', separator: '\n\n', labelWords: { '0': ['Negative'], '1': ['Positive'] } };
  const config = { ...defaultStudyConfig(), trainDatasetId: 'a', testDatasetId: 'b' };
  it('go into the spec as demonstrations.pinned / excluded', () => {
    const spec = buildExperimentSpec(config, prompt, [dataset('a', 'train'), dataset('b', 'test')], 'default', { pinned: ['train:5'], excluded: ['train:2'] });
    expect(spec.demonstrations).toEqual({ pinned: ['train:5'], excluded: ['train:2'] });
  });
  it('are left out when there are none, so the spec stays the plain CONTRACT.md file', () => {
    expect(buildExperimentSpec(config, prompt, [dataset('a', 'train'), dataset('b', 'test')], 'default').demonstrations).toBeUndefined();
  });
});

describe('form words', () => {
  it('name the field as the form does and say the bound', async () => {
    const { inFormWords, parseWholeNumber, specInFormWords } = await import('../../components/form-words.ts');
    expect(inFormWords({ code: 'INVALID_ARGS', message: 'next: args.top: Too big: expected number to be <=1000' }, { top: 'Top' })).toBe('Top: at most 1,000');
    expect(specInFormWords('study: data.test.sample: Too small: expected number to be >0', { 'data.test.sample': 'Test sample' })).toBe('Test sample: more than 0');
    expect(parseWholeNumber('-3', 'Shots', 0, 64)).toEqual({ error: 'Shots: at least 0 (you typed -3)' });
    expect(parseWholeNumber('2.5', 'Shots', 0, 64)).toEqual({ error: 'Shots: "2.5" is not a whole number' });
    expect(parseWholeNumber('7', 'Shots', 0, 64)).toEqual({ value: 7 });
  });
});
