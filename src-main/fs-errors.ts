/**
 * Node's file-system errors (`EISDIR: illegal operation on a directory, read`) as one line that
 * names the file and says what is wrong with it, for the CLI and the API alike.
 */
const REASONS: Record<string, string> = {
  ENOENT: 'file not found',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists (as a file where a folder is needed, or the reverse)',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
};

/** `FILE: reason` for an errno error that carries a path; null for anything else. */
export function describeFsError(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as NodeJS.ErrnoException;
  if (typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code) || typeof e.path !== 'string') return null;
  return `${e.path}: ${REASONS[e.code] ?? e.code.toLowerCase()}`;
}
