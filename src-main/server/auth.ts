import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token for one `serve` session (192 bits, URL-safe). */
export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response timings. */
export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The header scripts send the API token in (`Authorization: Bearer TOKEN` works too). */
export const TOKEN_HEADER = 'x-promptscope-token';

/**
 * The API token a request shows: a header or the URL's `?token=`, never a cookie.
 *
 * Cookies are scoped to a host, not a port, so a page served from any other 127.0.0.1 port
 * receives them and the browser attaches them to its cross-origin requests: a cookie that carried
 * the token would both leak it and let such a page drive the API.
 */
export function requestToken(request: IncomingMessage, url: URL): string | null {
  const header = request.headers[TOKEN_HEADER];
  if (typeof header === 'string' && header !== '') return header;
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  return url.searchParams.get('token');
}

/**
 * The cookie that lets the page's scripts and styles load without the token in their URLs. Its
 * value is a second random key that opens static files only (a page on another port that receives
 * it learns nothing it could call the API with); the port in its name keeps two servers apart.
 */
export function assetCookieName(port: number): string {
  return `promptscope_assets_${port}`;
}

/** A named cookie's value from a request, if any. */
export function cookieValue(request: IncomingMessage, name: string): string | null {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/**
 * Refuses requests whose Host is not this server's loopback address (DNS rebinding: a page on
 * evil.example resolving to 127.0.0.1 sends `Host: evil.example`).
 */
export function hostAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A WebSocket upgrade must come from a page this server served (or from a non-browser client). */
export function originAllowed(request: IncomingMessage, port: number): boolean {
  const origin = request.headers.origin;
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/**
 * Whether a state-changing request comes from this server's own page or from a non-browser client.
 *
 * Browsers name the requesting page in `Origin` and `Sec-Fetch-Site`; a page on another port of
 * 127.0.0.1 is `same-site` but not `same-origin`, so both are checked. A client that sends neither
 * (curl, a script) is not a browser page and is judged by its token alone.
 */
export function sameOriginRequest(request: IncomingMessage, port: number): boolean {
  if (!originAllowed(request, port)) return false;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}
