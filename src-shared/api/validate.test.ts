import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL_NAMES } from './channel-names.ts';
import { eventChannelNames } from './contract.ts';
import { checkChannel, validateArgs } from './validate.ts';

describe('validateArgs', () => {
  it('fills defaults for valid arguments', () => {
    const result = validateArgs('next', { model: 'default', text: 'Hello' });
    expect(result).toEqual({ ok: true, value: { model: 'default', text: 'Hello', top: 20 } });
  });

  it('names the channel and the offending field', () => {
    const result = validateArgs('next', { model: 'default', text: 'Hello', top: 5000 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_ARGS');
      expect(result.error.message).toMatch(/^next: args\.top: /);
    }
  });

  it('names the field with its schema message', () => {
    const result = validateArgs('runs.compare', { runIds: ['a'] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe('runs.compare: args.runIds: choose at least two runs to compare');
  });

  it('rejects a dataset import with both path and text', () => {
    const result = validateArgs('datasets.import', { path: 'a.tsv', text: 'x', fileName: 'a.tsv', format: 'tsv' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('args.path: give either path or text');
  });

  it('checks an experiment spec field by field with the experiment schema', () => {
    const spec = {
      name: 's',
      data: { train: { path: '/a.tsv', format: 'tsv' }, test: { path: '/b.tsv', format: 'tsv' } },
      task: { template: 'Review: {{input}}\nSentiment: {{label}}', labels: { '0': 'bad', '1': 'good' } },
      shots: 2,
      seeds: [0],
    };
    const good = validateArgs('studies.validate', { spec });
    expect(good.ok && good.value.spec).toMatchObject({ model: 'default', calibration: ['none', 'contextual'], batchSize: 32, orders: 'first' });
    const typo = validateArgs('studies.start', { spec: { ...spec, seed: 1 } });
    expect(!typo.ok && typo.error.message).toBe('studies.start: unknown field args.spec.seed');
    const noTemplate = validateArgs('studies.start', { spec: { ...spec, task: { labels: spec.task.labels } } });
    expect(!noTemplate.ok && noTemplate.error.message).toBe('studies.start: args.spec.task.template: required (or give templates)');
    const badFormat = validateArgs('studies.validate', { spec: { ...spec, data: { ...spec.data, test: { path: '/b', format: 'xlsx' } } } });
    expect(!badFormat.ok && badFormat.error.message).toMatch(/^studies\.validate: args\.spec\.data\.test\.format: /);
    const chosen = validateArgs('studies.start', { spec, runId: '20260102-030405-ab01ff' });
    expect(chosen.ok && chosen.value.runId).toBe('20260102-030405-ab01ff');
    const badId = validateArgs('studies.start', { spec, runId: '../escape' });
    expect(!badId.ok && badId.error.message).toMatch(/^studies\.start: args\.runId: a run id is /);
  });

  it('rejects channels outside the contract', () => {
    expect(checkChannel('models.list').ok).toBe(true);
    const bad = checkChannel('fs.readFile');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('UNKNOWN_CHANNEL');
  });
});

describe('channel names', () => {
  it('lists exactly the contract events', () => {
    expect([...EVENT_CHANNEL_NAMES]).toEqual([...eventChannelNames]);
  });
});
