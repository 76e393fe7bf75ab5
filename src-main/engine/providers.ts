import { EngineFailure } from './engine-failure.ts';
import type { ProviderName } from './protocol.ts';

/**
 * Execution providers by platform, without loading the runtime, so the host and the CLI can check a
 * provider name before a worker starts.
 */

/** Providers tried for `auto`, best first; CPU is always the last resort. */
export const PROVIDER_TABLE: Readonly<Record<string, readonly string[]>> = Object.freeze({
  linux: Object.freeze(['cuda', 'cpu']),
  win32: Object.freeze(['dml', 'cpu']),
  darwin: Object.freeze(['coreml', 'cpu']),
});

export const KNOWN_PROVIDERS: readonly ProviderName[] = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'];

/** Checks a user-given provider name, so a typo fails before any model is read. */
export function parseProvider(name: string): ProviderName {
  if ((KNOWN_PROVIDERS as readonly string[]).includes(name)) return name as ProviderName;
  throw new EngineFailure('PROVIDER', `unknown execution provider "${name}" (expected one of: ${KNOWN_PROVIDERS.join(', ')})`);
}

/** The providers to try, in order, for a request on this platform. */
export function providerCandidates(requested: ProviderName = 'auto', platform: string = process.platform): string[] {
  parseProvider(requested);
  if (requested === 'auto') return [...(PROVIDER_TABLE[platform] ?? ['cpu'])];
  return requested === 'cpu' ? ['cpu'] : [requested, 'cpu'];
}

