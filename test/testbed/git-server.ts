/**
 * A smart-HTTP Git server for the test bed: git's own `git http-backend` behind node:http.
 *
 * Serves every bare repository `NAME.git` under --root at `/NAME.git`. Repositories whose name
 * starts with `private-` require HTTP basic auth as --user with the token in --token-file;
 * the others are open for clone, fetch and push. Each request is appended to
 * --access-log as one JSON line, so tests can count what a client asked for.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { readBody, runGitBackend } from './git-cgi.js';

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
  const entry = {
    time: new Date().toISOString(),
    method: req.method,
    path: url.pathname,
    query: url.search.slice(1),
    status,
    user: user ?? null,
  };
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
  void readBody(req)
    .then((body) => runGitBackend(req, res, body, { root, allowPush: true, ...(user ? { user } : {}) }))
    .then((status) => logRequest(req, status, user));
}

const server = createServer(handle);
server.listen(port, '127.0.0.1', () =>
  process.stdout.write(`git server on http://127.0.0.1:${port}, root ${root}\n`),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => server.close(() => process.exit(0)));
