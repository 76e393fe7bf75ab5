import type { StudyProgress } from '../experiments/study-runner.ts';

/**
 * Test hook: `PROMPTSCOPE_FAULT_KILL_AT=N` makes `promptscope run` SIGKILL itself as soon as N or
 * more prompts are stored. A kill from inside, at a point the test chose (seeded), cannot race
 * the run finishing the way a kill from outside can; test/experiments/kill-resume.test.ts uses it
 * to check that `run --resume` stores every row exactly once. Unset, it does nothing.
 */
export function faultInjection(env: NodeJS.ProcessEnv = process.env): (progress: StudyProgress) => void {
  const at = Number(env.PROMPTSCOPE_FAULT_KILL_AT);
  if (!Number.isInteger(at) || at <= 0) return () => {};
  return (progress) => {
    if (progress.done >= at) process.kill(process.pid, 'SIGKILL');
  };
}
