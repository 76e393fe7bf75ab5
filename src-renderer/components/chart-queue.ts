/**
 * Chart work (echarts.init, setOption) one chart per task. A results page mounts a dozen charts
 * in one commit; drawing them all in that commit's effects is one long task (hundreds of
 * milliseconds for a large study), during which a click waits. Queued, each chart is drawn in its
 * own macrotask, so input is handled between two charts.
 */
type Job = () => void;

/** Jobs longer than this leave a user-timing measure naming their chart (the responsiveness test reports them). */
const LONG_JOB_MS = 50;

const queue: Job[] = [];
let scheduled = false;
const channel = typeof MessageChannel === 'function' ? new MessageChannel() : null;

function runNext(): void {
  scheduled = false;
  const job = queue.shift();
  if (job) job();
  if (queue.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // A message-channel task is not clamped like a nested setTimeout, and yields to input between jobs.
  if (channel) channel.port2.postMessage(null);
  else setTimeout(runNext, 0);
}

if (channel) channel.port1.onmessage = runNext;

/**
 * Runs `job` in a task of its own after the jobs already queued (with `next`, before them: a
 * chart's paint follows its setOption before another chart is built, so no frame has two charts
 * to paint); the returned function drops it if it has not run. `label` names the chart in a
 * `performance.measure` when the job runs long.
 */
export function queueChartWork(work: Job, label = 'chart', next = false): () => void {
  const job = () => {
    const start = performance.now();
    work();
    const end = performance.now();
    if (end - start > LONG_JOB_MS) performance.measure(`chart work: ${label}`, { start, end });
  };
  if (next) queue.unshift(job);
  else queue.push(job);
  schedule();
  return () => {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
  };
}
