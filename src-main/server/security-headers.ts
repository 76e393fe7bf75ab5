import { contentSecurityPolicy } from '../content-security-policy.ts';

/**
 * Headers on every browser-mode response: a strict Content-Security-Policy (scripts only from this
 * server, sockets only back to it, no framing), no MIME sniffing, no referrer (the URL holds the
 * token), and no caching of anything that needed the token.
 */
export function securityHeaders(port: number): Record<string, string> {
  const csp = contentSecurityPolicy([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}
