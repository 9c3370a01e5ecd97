/**
 * A smart-HTTP Git server for the test bed: git's own `git http-backend` behind node:http.
 *
 * Serves every bare repository `NAME.git` under --root at `/NAME.git`. Repositories whose name
 * starts with `private-` require HTTP basic auth as --user with the token in --token-file;
 * the others are open for clone, fetch and push. Each request is appended to
 * --access-log as one JSON line, so tests can count what a client asked for.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    root: { type: 'string' },
    'access-log': { type: 'string' },
    user: { type: 'string', default: 'flotilla' },
    'token-file': { type: 'string' },
  },
});
const root = required('root');
const port = Number(required('port'));
const accessLog = values['access-log'];
const tokenFile = values['token-file'];
const credentials = tokenFile ? `${values.user}:${readFileSync(tokenFile, 'utf8').trim()}` : undefined;

function required(name: 'port' | 'root'): string {
  const v = values[name];
  if (!v) {
    process.stderr.write(`git-server: --${name} is required\n`);
    process.exit(2);
  }
  return v;
}

/** The user name when the request carries the right basic-auth credentials. */
function authenticatedUser(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!credentials || !header?.startsWith('Basic ')) return undefined;
  const given = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return given === credentials ? given.split(':')[0] : undefined;
}

function logRequest(req: IncomingMessage, status: number, user: string | undefined): void {
  if (!accessLog) return;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const entry = { time: new Date().toISOString(), method: req.method, path: url.pathname, query: url.search.slice(1), status, user: user ?? null };
  appendFileSync(accessLog, JSON.stringify(entry) + '\n');
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/healthz') {
    res.end('ok');
    return;
  }
  const repo = url.pathname.split('/')[1] ?? '';
  const user = authenticatedUser(req);
  if (repo.startsWith('private-') && !user) {
    logRequest(req, 401, undefined);
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="flotilla-testbed"' });
    res.end('authentication required\n');
    return;
  }
  runBackend(req, res, url, user);
}

/** Runs one CGI request through `git http-backend`, streaming both bodies. */
function runBackend(req: IncomingMessage, res: ServerResponse, url: URL, user: string | undefined): void {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    REQUEST_METHOD: req.method,
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.slice(1),
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    // The test bed lets anyone push to open repositories; http-backend otherwise allows it only
    // to authenticated users.
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
  };
  if (user) env.REMOTE_USER = user;
  if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = String(req.headers['content-encoding']);
  if (req.headers['content-length']) env.CONTENT_LENGTH = String(req.headers['content-length']);

  const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  req.pipe(cgi.stdin);
  let head = Buffer.alloc(0);
  let headersSent = false;
  let status = 200;
  cgi.stdout.on('data', (chunk: Buffer) => {
    if (headersSent) {
      res.write(chunk);
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n');
    if (end < 0) return;
    const headers: Record<string, string> = {};
    for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name] = value;
    }
    res.writeHead(status, headers);
    headersSent = true;
    res.write(head.subarray(end + 4));
  });
  let stderr = '';
  cgi.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  cgi.on('close', (code) => {
    if (!headersSent) {
      status = 500;
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.write(stderr || `git http-backend exited with ${code}\n`);
    }
    res.end();
    logRequest(req, status, user);
  });
}

const server = createServer(handle);
server.listen(port, '127.0.0.1', () => process.stdout.write(`git server on http://127.0.0.1:${port}, root ${root}\n`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => server.close(() => process.exit(0)));
