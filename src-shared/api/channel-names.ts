/**
 * The contract's event channel names as plain data (event channels carry only a payload type, so
 * the contract has no runtime object for them). Request channels are the keys of the contract's
 * `requestChannels` (contract.ts); contract.ts checks that this list names exactly its events.
 */
export const EVENT_CHANNEL_NAMES = ['study.progress', 'generate.token', 'models.download.progress', 'finetune.progress'] as const;

export type EventChannelName = (typeof EVENT_CHANNEL_NAMES)[number];

export function isEventChannel(name: unknown): name is EventChannelName {
  return typeof name === 'string' && (EVENT_CHANNEL_NAMES as readonly string[]).includes(name);
}
