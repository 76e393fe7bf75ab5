/**
 * Separators and instructions hold newlines, which a one-line input cannot show; the form shows
 * them escaped (`\n\n`) and turns the escapes back into characters.
 */

export function escapeControl(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

export function unescapeControl(text: string): string {
  return text.replace(/\\(n|t|\\)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}
