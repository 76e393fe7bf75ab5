/**
 * The Content-Security-Policy of the app's pages, one policy for the Electron window and for
 * browser mode: scripts only from the app, no plugins, no framing. The two differ only in where
 * sockets may connect (the dev server in Electron, the loopback server in browser mode).
 */
export function contentSecurityPolicy(connectSources: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Monaco and ECharts add <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connectSources].join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
