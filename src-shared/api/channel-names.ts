/**
 * The contract's channel names as plain data, without schemas.
 *
 * Electron's sandboxed preload can load no npm package (not even zod), so it builds its named
 * functions from this list; contract.ts checks at compile time that the list and the contract
 * name exactly the same channels.
 */
export const REQUEST_CHANNEL_NAMES = [
  'app.info',
  'models.list',
  'models.add',
  'models.info',
  'models.download',
  'tokenize',
  'next',
  'scoreLabels',
  'generate',
  'attention.compute',
  'attention.layer',
  'attention.thumbnails',
  'fill.compute',
  'fill.probe',
  'datasets.import',
  'datasets.list',
  'datasets.rows',
  'datasets.sample',
  'datasets.remove',
  'studies.validate',
  'studies.start',
  'studies.cancel',
  'runs.list',
  'runs.get',
  'runs.rows',
  'runs.analysis',
  'runs.compare',
  'runs.export',
  'runs.condition',
  'runs.attention',
  'runs.rename',
  'runs.tag',
  'runs.delete',
  'finetune.list',
  'finetune.get',
  'finetune.start',
  'finetune.cancel',
  'inside.lens',
  'inside.heads',
  'inside.knockout',
  'inside.attribute',
] as const;

export const EVENT_CHANNEL_NAMES = ['study.progress', 'generate.token', 'models.download.progress', 'finetune.progress'] as const;

export type EventChannelName = (typeof EVENT_CHANNEL_NAMES)[number];

export function isEventChannel(name: unknown): name is EventChannelName {
  return typeof name === 'string' && (EVENT_CHANNEL_NAMES as readonly string[]).includes(name);
}
