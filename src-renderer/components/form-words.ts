/**
 * API errors in the words of the form that caused them.
 *
 * The backend names problems in the contract's terms (`next: args.top: Too big: expected number
 * to be <=1000`), which is right for scripts and logs; a person filled in a field called "Top", so
 * the form shows "Top: at most 1000". Unknown fields and other errors keep their message.
 */
import type { ApiError } from '../../src-shared/api/result.ts';

/** Field name in the API -> the label the form shows for it. */
export type FieldLabels = Record<string, string>;

const ARGS_ERROR = /^[\w.]+: args\.([\w.[\]]+): (.*)$/;

/** A zod message in plain words ("Too big: expected number to be <=1000" -> "at most 1000"). */
export function plainConstraint(message: string): string {
  const bound = /^Too (big|small): expected (?:number|integer) to be ([<>]=?)(-?[\d.e+]+)/.exec(message);
  if (bound) {
    const [, , op, n] = bound;
    const value = Number(n);
    if (op === '<=') return `at most ${value.toLocaleString()}`;
    if (op === '<') return `less than ${value.toLocaleString()}`;
    if (op === '>=') return `at least ${value.toLocaleString()}`;
    return `more than ${value.toLocaleString()}`;
  }
  const length = /^Too (big|small): expected (?:string|array) to have ([<>]=?)(\d+)/.exec(message);
  if (length) return length[2].startsWith('>') ? (Number(length[3]) <= 1 ? 'must not be empty' : `needs at least ${length[3]}`) : `at most ${length[3]} long`;
  if (/expected int/.test(message)) return 'a whole number';
  if (/expected number/.test(message)) return 'a number';
  return message;
}

/** The error's message for a person at the form; fields the form does not show keep the API's words. */
export function inFormWords(error: ApiError, labels: FieldLabels): string {
  const match = ARGS_ERROR.exec(error.message);
  if (!match) return error.message;
  const label = labels[match[1]];
  return label ? `${label}: ${plainConstraint(match[2])}` : error.message;
}

/** A whole number typed into a field, or the reason it is not acceptable, in the field's words. */
export function parseWholeNumber(text: string, label: string, min: number, max?: number): { value: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: `${label}: enter a number` };
  if (!/^-?\d+$/.test(trimmed)) return { error: `${label}: "${trimmed}" is not a whole number` };
  const value = Number(trimmed);
  if (value < min) return { error: `${label}: at least ${min.toLocaleString()} (you typed ${value.toLocaleString()})` };
  if (max !== undefined && value > max) return { error: `${label}: at most ${max.toLocaleString()} (you typed ${value.toLocaleString()})` };
  return { value };
}

const SPEC_ERROR = /^(?:study: )?([A-Za-z][\w.]*): (.*)$/;

/** A study runner's message (`study: data.test.sample: Too small ...`) with the field named as the form names it. */
export function specInFormWords(message: string, labels: FieldLabels): string {
  const match = SPEC_ERROR.exec(message);
  if (!match) return message;
  const label = labels[match[1]];
  return label ? `${label}: ${plainConstraint(match[2])}` : message;
}
