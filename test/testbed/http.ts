/** Small HTTP(S) GET used for readiness checks against loopback components. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** GETs `url` and resolves with status and body; TLS is checked against `ca` when given. */
export function get(
  url: string,
  opts: { ca?: Buffer; token?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: 'GET',
        headers: opts.token ? { Authorization: `Bearer ${opts.token}` } : {},
        ca: opts.ca,
        // Component health ports (controller-manager, scheduler) serve self-signed certificates.
        rejectUnauthorized: opts.ca !== undefined,
        timeout: opts.timeoutMs ?? 3000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${opts.timeoutMs ?? 3000} ms`)));
    req.on('error', reject);
    req.end();
  });
}
