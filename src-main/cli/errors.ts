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

/** Any error with a `code` and a one-line `message` (EngineError data, storage errors) is shown as is. */
export function reportError(error: unknown): number {
  const message = error instanceof Error ? error.message : typeof error === 'object' && error && 'message' in error ? String((error as { message: unknown }).message) : String(error);
  process.stderr.write(`promptscope: ${message.split('\n')[0]}\n`);
  if (process.env.PROMPTSCOPE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return error instanceof CliError ? error.exitCode : 1;
}
