import { describe, expect, it } from 'vitest';
import { newRunId, runIdSchema } from './run-id.ts';

describe('run ids', () => {
  it('are the UTC time then six hex digits, sortable by time, and pass their own schema', () => {
    const bytes = [0xab, 0x01, 0xff];
    const id = newRunId(new Date('2026-01-02T03:04:05.678Z'), () => bytes.shift()!);
    expect(id).toBe('20260102-030405-ab01ff');
    expect(runIdSchema.safeParse(id).success).toBe(true);
    const later = newRunId(new Date('2026-01-02T03:04:06Z'));
    expect(later > id).toBe(true);
    expect(new Set(Array.from({ length: 50 }, () => newRunId())).size).toBe(50);
  });

  it('accept short names and refuse paths, spaces and empty ids', () => {
    expect(runIdSchema.safeParse('my-run_1.a').success).toBe(true);
    for (const bad of ['', '../x', 'a b', '-x', 'x'.repeat(65)]) expect(runIdSchema.safeParse(bad).success, bad).toBe(false);
  });
});
