import path from 'node:path';
import { ExperimentInputError } from '../experiments/errors.ts';
import { describeFsError } from '../fs-errors.ts';

/**
 * An error meant for the user: printed as one line on stderr, exit code 1 (or `exitCode`).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Run `prepare` on the spec read from `file`; an ExperimentInputError whose code is in `codes` (a
 * problem in what the file says: template, label tokens, context, ...) becomes a CliError prefixed
 * with the file's name, so the user sees which file to fix. Anything else passes through.
 */
export async function blamingFile<T>(file: string, codes: ReadonlySet<string>, prepare: () => Promise<T>): Promise<T> {
  try {
    return await prepare();
  } catch (error) {
    if (error instanceof ExperimentInputError && codes.has(error.code)) throw new CliError(`${path.basename(file)}: ${error.message}`);
    throw error;
  }
}

/** Any error with a `code` and a one-line `message` (EngineError data, storage errors) is shown as is. */
export function reportError(error: unknown): number {
  const message = describeFsError(error) ?? (error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message) : String(error));
  process.stderr.write(`promptscope: ${message.split('\n')[0]}\n`);
  if (process.env.PROMPTSCOPE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return error instanceof CliError ? error.exitCode : 1;
}
