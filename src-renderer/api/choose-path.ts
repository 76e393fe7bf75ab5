/**
 * The desktop app's open dialog, when there is one: main shows it and grants the backend the
 * chosen path, the only way a typed-in path becomes readable there (file access by consent).
 * Undefined in browser mode, where files come from uploads or the server's `--data-dir` folders.
 */
export function pathChooser(): ((kind: 'file' | 'folder') => Promise<string | null>) | undefined {
  const choose = window.promptscope?.choosePath;
  if (!choose) return undefined;
  return async (kind) => {
    const result = await choose(kind);
    return result.ok ? result.value.path : null;
  };
}
