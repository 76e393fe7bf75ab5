import { z } from 'zod';

/**
 * The one run-id scheme, for studies and learning curves alike, chosen by whoever starts the run
 * (the UI before it calls `studies.start`, so it can follow the run's events from the first one;
 * the CLI; the learning-curve runner): sortable, unique, and short enough to type,
 * `20260101-120000-ab12cd` (UTC time, then 24 random bits).
 */
export function newRunId(now: Date = new Date(), random: () => number = randomByte): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const suffix = Array.from({ length: 3 }, () => random().toString(16).padStart(2, '0')).join('');
  return `${stamp}-${suffix}`;
}

/** A caller-chosen run id: what newRunId makes, or any short name a script prefers. */
export const runIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a run id is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');

interface WebCrypto {
  getRandomValues(array: Uint8Array): Uint8Array;
}

/** One byte from the host's Web Crypto (Node 20 and browsers both have globalThis.crypto). */
function randomByte(): number {
  const host = globalThis as typeof globalThis & { crypto?: WebCrypto };
  if (!host.crypto) throw new Error('no Web Crypto on this platform to make a run id');
  return host.crypto.getRandomValues(new Uint8Array(1))[0];
}
