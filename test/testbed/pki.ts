/** The test bed's PKI: one CA, one serving certificate for every apiserver, SA keys, static tokens. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bearer tokens of the three identities every cluster knows. */
export interface Tokens {
  /** Used by kubeconfig contexts `testbed-N`: group system:masters. */
  admin: string;
  /** Used by contexts `testbed-N-viewer`: bound to the built-in `view` ClusterRole. */
  viewer: string;
  /** Used by controller-manager, scheduler and kwok; left out of the audit log. */
  system: string;
}

/** File paths of the PKI. */
export function pkiFiles(dir: string) {
  return {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    serverCert: join(dir, 'apiserver.crt'),
    serverKey: join(dir, 'apiserver.key'),
    saKey: join(dir, 'sa.key'),
    saPub: join(dir, 'sa.pub'),
    tokensCsv: join(dir, 'tokens.csv'),
    tokensJson: join(dir, 'tokens.json'),
  };
}

const openssl = (dir: string, args: string[]) =>
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

/** Creates the PKI once; later calls reuse it so kubeconfigs stay valid across restarts. */
export function ensurePki(dir: string): Tokens {
  const f = pkiFiles(dir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(f.tokensJson)) {
    openssl(dir, [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '3650',
      '-keyout',
      f.caKey,
      '-out',
      f.caCert,
      '-subj',
      '/CN=flotilla-testbed-ca',
    ]);
    openssl(dir, [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f.serverKey,
      '-out',
      'apiserver.csr',
      '-subj',
      '/CN=kube-apiserver',
    ]);
    writeFileSync(
      join(dir, 'apiserver.ext'),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.96.0.1',
      ].join('\n') + '\n',
    );
    openssl(dir, [
      'x509',
      '-req',
      '-in',
      'apiserver.csr',
      '-CA',
      f.caCert,
      '-CAkey',
      f.caKey,
      '-CAcreateserial',
      '-days',
      '3650',
      '-out',
      f.serverCert,
      '-extfile',
      'apiserver.ext',
    ]);
    openssl(dir, ['genrsa', '-out', f.saKey, '2048']);
    openssl(dir, ['rsa', '-in', f.saKey, '-pubout', '-out', f.saPub]);
    const token = (who: string) => `${who}-${randomBytes(16).toString('hex')}`;
    const tokens: Tokens = { admin: token('admin'), viewer: token('viewer'), system: token('system') };
    writeFileSync(
      f.tokensCsv,
      [
        `${tokens.admin},testbed-admin,testbed-admin,"system:masters"`,
        `${tokens.viewer},testbed-viewer,testbed-viewer`,
        `${tokens.system},testbed-system,testbed-system,"system:masters"`,
      ].join('\n') + '\n',
      { mode: 0o600 },
    );
    writeFileSync(f.tokensJson, JSON.stringify(tokens), { mode: 0o600 });
    for (const key of [f.caKey, f.serverKey, f.saKey]) chmodSync(key, 0o600);
  }
  return JSON.parse(readFileSync(f.tokensJson, 'utf8')) as Tokens;
}
