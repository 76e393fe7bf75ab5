import type { ApiError } from '../../src-shared/api/result.ts';

/** An API error as the user should see it: the one-line message, the code for reference. */
export function ErrorBox({ error, testId }: { error: ApiError | null; testId?: string }) {
  if (!error) return null;
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      {error.message} <span className="muted">({error.code})</span>
    </div>
  );
}
