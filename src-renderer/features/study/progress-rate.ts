/**
 * Rate and ETA of a running study from its progress events.
 *
 * The backend reports counts only; the rate is measured here over a sliding window of recent
 * events, so a pause (model load, first prefix) does not distort the estimate for long.
 */

export interface ProgressSample {
  atMs: number;
  done: number;
}

/** Keeps samples from the last `windowMs`, plus the newest. */
export function pushSample(samples: readonly ProgressSample[], next: ProgressSample, windowMs = 20_000): ProgressSample[] {
  const kept = samples.filter((s) => next.atMs - s.atMs <= windowMs && s.done <= next.done);
  return [...kept, next];
}

/** Prompts per second over the window; null until two samples are apart in time and count. */
export function ratePerSecond(samples: readonly ProgressSample[]): number | null {
  if (samples.length < 2) return null;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const seconds = (last.atMs - first.atMs) / 1000;
  if (seconds <= 0 || last.done <= first.done) return null;
  return (last.done - first.done) / seconds;
}

/** "1:05" or "1:02:03" from seconds; "–" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
