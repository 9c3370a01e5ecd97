/**
 * A Git smart-HTTP server for unit tests: git's own `git http-backend` behind node:http on
 * 127.0.0.1, on a free port. It serves every repository under `root` at `/<name>` (a
 * non-bare repository's `.git` is found by http-backend itself), can require basic auth, and
 * records each request with what it asked for, so tests can count refs requests and fetches.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, runGitBackend } from '../testbed/git-cgi.js';

/** What one request to the server was for. */
export type GitRequestKind = 'advertisement' | 'ls-refs' | 'fetch' | 'push' | 'other';

/** One request as the server saw it. */
export interface LoggedGitRequest {
  method: string;
  path: string;
  kind: GitRequestKind;
  status: number;
  /** The Authorization header as received, to check what a client sent. */
  authorization?: string;
}

/** Options for {@link startGitHttpServer}. */
export interface GitHttpServerOptions {
  /** Folder holding the served repositories. */
  root: string;
  /** When set, every request needs these basic-auth credentials. */
  auth?: { username: string; token: string };
}

/** A running test server. */
export interface GitHttpServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly baseUrl: string;
  /** Every request so far, oldest first. */
  readonly requests: LoggedGitRequest[];
  /** URL of the repository in folder `name` under the root. */
  urlFor(name: string): string;
  /** Forgets the requests logged so far. */
  clearRequests(): void;
  close(): Promise<void>;
}

/** Starts the server; resolves once it listens. */
export async function startGitHttpServer(options: GitHttpServerOptions): Promise<GitHttpServer> {
  const requests: LoggedGitRequest[] = [];
  const server = createServer((req, res) => {
    void handleRequest(req, res, options, requests);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    requests,
    urlFor: (name) => `${baseUrl}/${name}`,
    clearRequests: () => void requests.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A base URL on which nothing listens: a port that was free a moment ago. */
export async function unusedBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: GitHttpServerOptions,
  log: LoggedGitRequest[],
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  const entry: LoggedGitRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    kind: requestKind(url, body),
    status: 0,
  };
  if (req.headers.authorization) entry.authorization = req.headers.authorization;
  log.push(entry);
  if (options.auth && !hasCredentials(req, options.auth)) {
    entry.status = 401;
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="flotilla-test"' });
    res.end('authentication required\n');
    return;
  }
  entry.status = await runGitBackend(req, res, body, { root: options.root });
}

function hasCredentials(req: IncomingMessage, auth: { username: string; token: string }): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${auth.username}:${auth.token}`;
}

/** Tells a protocol v2 `ls-refs` from a fetch by the first pkt-lines of the body. */
function requestKind(url: URL, body: Buffer): GitRequestKind {
  if (url.pathname.endsWith('/info/refs')) return 'advertisement';
  if (url.pathname.endsWith('/git-receive-pack')) return 'push';
  if (!url.pathname.endsWith('/git-upload-pack')) return 'other';
  const head = body.subarray(0, 200).toString('latin1');
  if (head.includes('command=ls-refs')) return 'ls-refs';
  if (head.includes('command=fetch') || /^[0-9a-f]{4}want /.test(head)) return 'fetch';
  return 'other';
}
