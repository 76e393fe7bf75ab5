import { useRef } from 'react';

/**
 * Collects the problems of several fields of one form and reports the first one still open (or
 * null when every field is valid), so a form never acts on a value its fields reject.
 */
export function useProblems(onChange: (problem: string | null) => void): { report(field: string, problem: string | null): void } {
  const open = useRef(new Map<string, string>());
  const callback = useRef(onChange);
  callback.current = onChange;
  return {
    report(field, problem) {
      if (problem === null) open.current.delete(field);
      else open.current.set(field, problem);
      callback.current(open.current.values().next().value ?? null);
    },
  };
}
