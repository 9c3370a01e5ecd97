/**
 * A Git smart-HTTP server for unit tests: git's own `git http-backend` behind node:http on
 * 127.0.0.1, on a free port. It serves every repository under `root` at `/<name>` (a
 * non-bare repository's `.git` is found by http-backend itself), can require basic auth, and
 * records each request with what it asked for, so tests can count refs requests and fetches.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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

async function handleRequest(req: IncomingMessage, res: ServerResponse, options: GitHttpServerOptions, log: LoggedGitRequest[]): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  const entry: LoggedGitRequest = { method: req.method ?? 'GET', path: url.pathname, kind: requestKind(url, body), status: 0 };
  if (req.headers.authorization) entry.authorization = req.headers.authorization;
  log.push(entry);
  if (options.auth && !hasCredentials(req, options.auth)) {
    entry.status = 401;
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="flotilla-test"' });
    res.end('authentication required\n');
    return;
  }
  entry.status = await runBackend(req, res, url, body, options.root);
}

function hasCredentials(req: IncomingMessage, auth: { username: string; token: string }): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${auth.username}:${auth.token}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
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

/** Runs one CGI request through `git http-backend`; resolves with the status it answered. */
function runBackend(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, root: string): Promise<number> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: req.method,
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: '127.0.0.1',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: root,
  };
  if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
  const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  cgi.stdin.end(body);
  return new Promise((resolve) => {
    let head = Buffer.alloc(0);
    let status = 0;
    let stderr = '';
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (status) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const parsed = parseCgiHeaders(head.subarray(0, end).toString('latin1'));
      status = parsed.status;
      res.writeHead(status, parsed.headers);
      res.write(head.subarray(end + 4));
    });
    cgi.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    cgi.on('close', (code) => {
      if (!status) {
        status = 500;
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.write(stderr || `git http-backend exited with ${code}\n`);
      }
      res.end();
      resolve(status);
    });
  });
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
    else headers[name] = value;
  }
  return { status, headers };
}
