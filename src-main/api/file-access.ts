import fs from 'node:fs';
import path from 'node:path';

/** Thrown for a path the user has not opened to this session; carries the API code. */
export class FileAccessError extends Error {
  readonly code = 'FILE_ACCESS';
  constructor(message: string) {
    super(message);
    this.name = 'FileAccessError';
  }
}

/**
 * Which files the API may read: only those the user consented to.
 *
 * In browser mode any page that learns the token could otherwise read any file the server's user
 * can (`datasets.import` of a private key, then `datasets.rows`). Files come from the page
 * (uploaded text), from the folders named at start (`serve --data-dir DIR`), from the app's own
 * folders (imported datasets, downloaded models, the embedded model and sample data), or, in the
 * desktop app, from a path the user picked in main's file dialog (`grant`). Paths are compared
 * after resolving symbolic links, so a link inside an allowed folder cannot point out of it.
 */
export class FileAccess {
  private readonly roots: string[];
  private readonly granted = new Set<string>();

  constructor(
    roots: readonly string[],
    private readonly hint: string,
  ) {
    this.roots = roots.map(realOrResolved);
  }

  /** A path the user picked (a file, or a folder with everything in it). */
  grant(file: string): void {
    this.granted.add(realOrResolved(file));
  }

  /** The absolute path if it may be read; otherwise a FileAccessError naming it. */
  check(file: string): string {
    const resolved = path.resolve(file);
    const real = realOrResolved(resolved);
    const inside = (root: string) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
    if (this.roots.some(inside) || [...this.granted].some(inside)) return resolved;
    throw new FileAccessError(`${resolved}: outside the folders this session may read; ${this.hint}`);
  }
}

/** The real path of the file or of its nearest existing ancestor (a file about to be created). */
function realOrResolved(file: string): string {
  let current = path.resolve(file);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(file);
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}
