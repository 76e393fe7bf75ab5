/**
 * The running study: a progress bar, prompts per second, time left, and Cancel.
 */
import type { RunStatus } from '../../../src-shared/experiments/run-status.ts';
import { formatDuration } from './progress-rate.ts';

export interface StudyProgressProps {
  state: RunStatus;
  done: number;
  total: number;
  ratePerSecond: number | null;
  error?: string;
  onCancel: () => void;
}

export function StudyProgress({ state, done, total, ratePerSecond, error, onCancel }: StudyProgressProps) {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const eta = ratePerSecond ? (total - done) / ratePerSecond : null;
  return (
    <div className="ps-study-progress" data-testid="study-progress" data-state={state}>
      <div className="ps-study-progress__row">
        <progress max={1} value={fraction} aria-label="study progress" />
        <span className="ps-study-progress__count">
          {done.toLocaleString()} / {total.toLocaleString()} prompts ({Math.round(fraction * 100)}%)
        </span>
        {state === 'running' ? (
          <button type="button" className="btn ps-button--danger" onClick={onCancel} data-testid="study-cancel">
            Cancel
          </button>
        ) : null}
      </div>
      <div className="ps-study-progress__meta">
        {state === 'running' ? (
          <>
            <span>{ratePerSecond ? `${ratePerSecond.toFixed(1)} prompts/s` : 'measuring rate…'}</span>
            <span>about {formatDuration(eta)} left</span>
          </>
        ) : (
          <span className={`ps-status ps-status--${state}`}>{state === 'failed' ? `failed: ${error ?? 'unknown error'}` : state}</span>
        )}
      </div>
    </div>
  );
}
