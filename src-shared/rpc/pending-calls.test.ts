import { describe, expect, it } from 'vitest';
import { ApiCalls } from '../api/api-calls.ts';
import { PendingCalls, RpcError, type RpcTimers } from './pending-calls.ts';

/** Timers that fire only when the test says so. */
function manualTimers(): RpcTimers & { fire(): void; armed(): number } {
  const timers = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (callback) => (timers.set(++next, callback), next),
    clearTimeout: (handle) => void timers.delete(handle as number),
    fire: () => {
      const due = [...timers.values()];
      timers.clear();
      for (const callback of due) callback();
    },
    armed: () => timers.size,
  };
}

describe('PendingCalls', () => {
  it('gives each call a new id and settles it by that id, in any order', async () => {
    const calls = new PendingCalls<string>();
    const sent: number[] = [];
    const a = calls.call((id) => sent.push(id));
    const b = calls.call((id) => sent.push(id));
    expect(sent).toEqual([1, 2]);
    expect(calls.resolve(2, 'two')).toBe(true);
    expect(calls.reject(1, new Error('one failed'))).toBe(true);
    await expect(b).resolves.toBe('two');
    await expect(a).rejects.toThrow('one failed');
    expect(calls.size).toBe(0);
    expect(calls.resolve(2, 'late')).toBe(false);
  });

  it('fails every pending call when the transport closes, and still works after', async () => {
    const calls = new PendingCalls<number>();
    const pending = [calls.call(() => {}), calls.call(() => {}), calls.call(() => {})];
    expect(calls.failAll(() => new RpcError('closed', 'the process exited'))).toBe(3);
    for (const p of pending) await expect(p).rejects.toMatchObject({ reason: 'closed', message: 'the process exited' });
    expect(calls.size).toBe(0);
    const again = calls.call((id) => void Promise.resolve().then(() => calls.resolve(id, 7)));
    await expect(again).resolves.toBe(7);
  });

  it('times a call out, tells the transport, and clears the timer of a call that was answered', async () => {
    const timers = manualTimers();
    const calls = new PendingCalls<string>({ timeoutMs: 50, timers });
    const timedOut: number[] = [];
    const slow = calls.call(() => {}, { onTimeout: (id) => timedOut.push(id) });
    const fast = calls.call((id) => calls.resolve(id, 'fast'));
    await expect(fast).resolves.toBe('fast');
    expect(timers.armed()).toBe(1);
    timers.fire();
    await expect(slow).rejects.toMatchObject({ reason: 'timeout' });
    expect(timedOut).toEqual([1]);
    expect(calls.size).toBe(0);
  });

  it('rejects a call whose send throws, leaving nothing pending', async () => {
    const calls = new PendingCalls();
    await expect(
      calls.call(() => {
        throw new Error('channel closed');
      }),
    ).rejects.toThrow('channel closed');
    expect(calls.size).toBe(0);
  });
});

describe('ApiCalls', () => {
  it('answers the contract result, and UNAVAILABLE or TIMEOUT as data when the transport cannot', async () => {
    const timers = manualTimers();
    const calls = new ApiCalls({ timers });
    const listed = calls.call('runs.list', (id) => calls.resolve(id, { ok: true, value: [] }));
    await expect(listed).resolves.toEqual({ ok: true, value: [] });
    const closed = calls.call('models.list', () => {});
    calls.failAll('the connection closed');
    await expect(closed).resolves.toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'models.list: the connection closed' } });
    const slow = calls.call('app.info', () => {}, { timeoutMs: 10 });
    timers.fire();
    await expect(slow).resolves.toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });
});
