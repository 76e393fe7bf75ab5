import path from 'node:path';

/**
 * Whether a frame URL is the app's own renderer (the dev server, or the built index.html).
 *
 * Kept free of electron imports so it can be tested under plain Node. The dev server URL must
 * match as an origin, not as a string prefix: `http://localhost:5173.evil.example` starts with
 * `http://localhost:5173`.
 */
export function isAppUrl(url: string, rendererUrl: string | undefined, rendererFile: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (rendererUrl) {
    try {
      return parsed.origin === new URL(rendererUrl).origin;
    } catch {
      return false;
    }
  }
  return parsed.protocol === 'file:' && parsed.host === '' && path.resolve(decodeURIComponent(parsed.pathname)) === path.resolve(rendererFile);
}
