import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { encodeMessage } from '../../src-shared/api/codec.ts';
import { fail } from '../../src-shared/api/result.ts';
import type { Backend } from '../api/backend.ts';
import type { ErrorLog } from '../api/error-log.ts';
import { dispatch, httpStatus } from '../api/dispatch.ts';
import { assetCookieName, cookieValue, hostAllowed, newToken, requestToken, sameOriginRequest, tokenMatches } from './auth.ts';
import { securityHeaders } from './security-headers.ts';
import { serveSocket } from './socket-api.ts';
import { resolveStatic } from './static-files.ts';

export interface ServerOptions {
  backend: Backend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Default: a fresh random token. */
  token?: string;
  /** Where internal errors' stacks go (the page only sees one line). */
  log?: ErrorLog;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * Browser mode: the built renderer and the API on 127.0.0.1 only.
 *
 * The API takes the session's token only from a header (`X-Promptscope-Token`, or
 * `Authorization: Bearer`) or the URL (`?token=`), never from a cookie: cookies reach every port of
 * 127.0.0.1. The page URL's `?token=` also sets a cookie holding a second random key that opens
 * the static files only, so the page's scripts and styles load without the token in their URLs.
 * Nothing is served to a client that has shown neither. The WebSocket (`/api?token=`) and
 * `POST /api/<channel>` (JSON body, for scripts and tests) must come from this server's own page or
 * from a non-browser client (Origin and Sec-Fetch-Site). Requests naming another Host are refused
 * (DNS rebinding).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const assetKey = newToken();
  let port = 0;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });

  const server = http.createServer((request, response) => {
    void handleHttp(request, response).catch((error: unknown) => {
      options.log?.write(`${request.method} ${new URL(request.url ?? '/', 'http://x').pathname}`, error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(`internal error${options.log ? ` (details in ${options.log.file})` : ''}\n`);
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const headers = securityHeaders(port);
    if (!hostAllowed(request, port)) {
      response.writeHead(421, { ...headers, 'Content-Type': 'text/plain' });
      response.end('Promptscope: wrong Host header; open the URL that promptscope serve printed');
      return;
    }
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const refuse = (status: number, text: string) => {
      response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`Promptscope: ${text}\n`);
    };
    const needsToken = 'this server needs the token from the URL that promptscope serve printed';
    if (url.pathname.startsWith('/api/')) {
      if (!sameOriginRequest(request, port)) return refuse(403, 'API calls are accepted only from this server\'s own page');
      if (!tokenMatches(requestToken(request, url), token)) return refuse(401, `${needsToken} (in the X-Promptscope-Token header or ?token=)`);
      await handleApiPost(request, response, url.pathname.slice('/api/'.length), headers);
      return;
    }
    const queryToken = url.searchParams.get('token');
    const withToken = tokenMatches(queryToken, token);
    if (!withToken && !tokenMatches(cookieValue(request, assetCookieName(port)), assetKey)) return refuse(401, needsToken);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    const found = resolveStatic(options.rendererDir, url.pathname);
    if (!found) {
      const built = fs.existsSync(options.rendererDir);
      response.writeHead(built ? 404 : 503, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(built ? 'not found\n' : 'Promptscope: the renderer is not built; run "npm run build" first\n');
      return;
    }
    const extra: Record<string, string> = { 'Content-Type': found.type };
    if (withToken) extra['Set-Cookie'] = `${assetCookieName(port)}=${assetKey}; HttpOnly; SameSite=Strict; Path=/`;
    response.writeHead(200, { ...headers, ...extra });
    if (request.method === 'HEAD') response.end();
    else fs.createReadStream(found.file).pipe(response);
  }

  async function handleApiPost(request: IncomingMessage, response: ServerResponse, channel: string, headers: Record<string, string>): Promise<void> {
    if (request.method !== 'POST') {
      response.writeHead(405, { ...headers, Allow: 'POST' });
      response.end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        response.writeHead(413, headers);
        response.end();
        return;
      }
      chunks.push(chunk);
    }
    let args: unknown;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      args = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      response.writeHead(400, { ...headers, 'Content-Type': 'application/json' });
      response.end(JSON.stringify(fail('INVALID_ARGS', `${channel}: the request body is not JSON`)));
      return;
    }
    // Events cannot reach an HTTP caller; handlers that stream still answer with the full result.
    const result = await dispatch(options.backend.handlers, channel, args, { emit: () => {} }, options.log);
    response.writeHead(httpStatus(result), { ...headers, 'Content-Type': 'application/json' });
    response.end(encodeMessage(result));
  }

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const refuse = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/api') return refuse('404 Not Found');
    if (!hostAllowed(request, port) || !sameOriginRequest(request, port)) return refuse('403 Forbidden');
    if (!tokenMatches(url.searchParams.get('token'), token)) return refuse('401 Unauthorized');
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, options.backend, options.log));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the workbench never listens on other interfaces (reach a remote engine over SSH port forwarding).
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
