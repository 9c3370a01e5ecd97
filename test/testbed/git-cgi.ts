/** One smart-HTTP request through git's own `git http-backend` (CGI), shared by the test bed's Git
 * server and the unit tests' in-process one. */
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the backend needs besides the request. */
export interface GitCgiOptions {
  /** Folder holding the served repositories. */
  root: string;
  /** The authenticated user, if any (http-backend lets only such users push unless told otherwise). */
  user?: string;
  /** Let anyone push (the test bed's open repositories). */
  allowPush?: boolean;
}

/** Reads a request body whole (test servers only see small packs). */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Runs one request through `git http-backend`, streaming its answer; resolves with the HTTP status. */
export function runGitBackend(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  options: GitCgiOptions,
): Promise<number> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: options.root,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_PROJECT_ROOT: options.root,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: req.method,
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    ...(options.allowPush
      ? { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.receivepack', GIT_CONFIG_VALUE_0: 'true' }
      : {}),
  };
  if (options.user) env.REMOTE_USER = options.user;
  if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
  const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  // git http-backend may exit before reading a request body it refuses; the closed pipe is not an error
  // of ours, and its answer (or exit status) still says what happened.
  cgi.stdin.on('error', () => {});
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
