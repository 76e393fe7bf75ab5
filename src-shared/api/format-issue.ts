import type { z } from 'zod';

/**
 * One zod issue as one line naming the field: `task.template: required`, `unknown field seed`.
 * Experiment files and API arguments are checked by the same schemas, so they fail the same way.
 */
export function formatIssue(issue: z.core.$ZodIssue, prefix: readonly string[] = []): string {
  const field = [...prefix, ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (field ? `${field}.${k}` : k));
    return `unknown field ${keys.join(', ')}`;
  }
  const message = issue.code === 'invalid_type' && issue.message.includes('received undefined') ? 'required' : issue.message;
  return field ? `${field}: ${message}` : message;
}
