import type { ApiError } from '../../src-shared/api/result.ts';
import { inFormWords, type FieldLabels } from './form-words.ts';

/**
 * An API error as the user should see it: the one-line message (in the form's own words where
 * `labels` names the fields), the code for reference. Errors the form raised itself (code FORM)
 * show no code.
 */
export function ErrorBox({ error, testId, labels }: { error: ApiError | null; testId?: string; labels?: FieldLabels }) {
  if (!error) return null;
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      {labels ? inFormWords(error, labels) : error.message} {error.code === 'FORM' ? null : <span className="muted">({error.code})</span>}
    </div>
  );
}
