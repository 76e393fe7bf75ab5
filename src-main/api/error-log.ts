import fs from 'node:fs';
import path from 'node:path';

/** Appends internal errors (with their stacks) to one log file; the page only sees a one-line message. */
export interface ErrorLog {
  readonly file: string;
  write(context: string, error: unknown): void;
}

/**
 * Stacks go to a file rather than to the page: a stack names source paths and internals a user
 * cannot act on, and the page of a browser session is the least trusted place to send them.
 * Logging never throws (a full disk must not turn an error into a crash).
 */
export function createErrorLog(file: string): ErrorLog {
  return {
    file,
    write(context, error) {
      const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.appendFileSync(file, `${new Date().toISOString()} ${context}\n${stack}\n\n`);
      } catch {
        // Nowhere left to report it; the caller still answers with the one-line message.
      }
    },
  };
}
