import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CliIo } from '../../../src/cli/command.js';
import { runCli } from '../../../src/cli/main.js';
import type { KubeObject } from '../../../src/engine/objects.js';

const fixtures = fileURLToPath(new URL('../../fixtures/health/', import.meta.url));

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flotilla health …` with captured output; `stdin` is the text standard input holds, if any. */
async function health(args: string[], stdin?: string): Promise<Captured> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const io: CliIo = {
    stdout,
    stderr,
    env: {},
    cwd: fixtures,
    ...(stdin !== undefined ? { stdin: Readable.from([stdin]) } : {}),
  };
  const code = await runCli(['health', ...args], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

interface Row {
  kind: string;
  namespace: string;
  name: string;
  status: string | null;
  message: string;
}

const stream = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  generation: 2
spec:
  replicas: 3
status:
  observedGeneration: 2
  replicas: 3
  updatedReplicas: 3
  availableReplicas: 1
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: data, namespace: shop}
    status: {phase: Lost}
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: reader}
`;

describe('flotilla health', () => {
  it('prints an aligned table for a fixture file', async () => {
    const r = await health(['-f', 'deployment/updated-not-available.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^KIND\s+NAMESPACE\s+NAME\s+HEALTH\s+MESSAGE$/);
    expect(lines[1]).toMatch(
      /^Deployment\s+demo\s+updated-not-available\s+Progressing\s+Waiting for rollout to finish: 1 of 3 updated replicas are available$/,
    );
    for (const column of ['NAMESPACE', 'HEALTH', 'MESSAGE']) {
      const at = lines[0]!.indexOf(column);
      expect(lines[1]![at - 1]).toBe(' ');
      expect(lines[1]![at]).not.toBe(' ');
    }
  });

  it('reads a multi-document stream and Lists from stdin and prints JSON; exit 1 as one is Degraded', async () => {
    const r = await health(['-f', '-', '-o', 'json'], stream);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        kind: 'Deployment',
        namespace: 'shop',
        name: 'api',
        status: 'Progressing',
        message: 'Waiting for rollout to finish: 1 of 3 updated replicas are available',
      },
      { kind: 'ConfigMap', namespace: 'shop', name: 'settings', status: null, message: '' },
      {
        kind: 'PersistentVolumeClaim',
        namespace: 'shop',
        name: 'data',
        status: 'Degraded',
        message: 'The bound volume no longer exists; its data is lost',
      },
      { kind: 'ClusterRole', namespace: '', name: 'reader', status: null, message: '' },
    ]);
  });

  it('shows - for no health and no namespace in the table', async () => {
    const r = await health(['--filename=-'], stream);
    const reader = r.stdout.split('\n').find((l) => l.startsWith('ClusterRole'));
    expect(reader).toMatch(/^ClusterRole\s+-\s+reader\s+-$/);
  });

  it('agrees with every fixture case', async () => {
    const files = readdirSync(fixtures, { recursive: true, encoding: 'utf8' })
      .filter((p) => p.endsWith('.yaml'))
      .sort();
    const texts = files.map((f) => readFileSync(join(fixtures, f), 'utf8'));
    const r = await health(['-f', '-', '--output', 'json'], texts.join('---\n'));
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows).toHaveLength(files.length);
    texts.forEach((text, i) => {
      const annotations = (parse(text) as KubeObject).metadata.annotations ?? {};
      const want = annotations['test.flotilla.dev/expected-health'];
      expect(rows[i]?.status ?? 'none', files[i]).toBe(want);
      if (want !== 'none')
        expect(rows[i]?.message, files[i]).toContain(annotations['test.flotilla.dev/expected-message']);
    });
    expect(r.code).toBe(rows.some((row) => row.status === 'Degraded') ? 1 : 0);
  });

  it('exits 0 when nothing is Degraded and 1 when something is', async () => {
    const progressing = stream.split('---\n')[0]!;
    expect((await health(['-f', '-'], progressing)).code).toBe(0);
    const degraded = await health(['-f', '-'], stream);
    expect(degraded.code).toBe(1);
    expect(degraded.stdout).toMatch(/^PersistentVolumeClaim\s+shop\s+data\s+Degraded\s+The bound volume/m);
  });

  it('reads YAML 1.1 as kubectl does: 010 replicas are eight', async () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: octal, namespace: shop, generation: 1}
spec: {replicas: 010}
status: {observedGeneration: 1, replicas: 8, updatedReplicas: 8, availableReplicas: 8}
`;
    const r = await health(['-f', '-', '-o', 'json'], deployment);
    expect((JSON.parse(r.stdout) as Row[])[0]?.status).toBe('Healthy');
  });

  it('refuses a key given twice with its line, exit 2', async () => {
    const r = await health(['-f', '-'], 'apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata: {name: a}\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flotilla health: <stdin>:3:1: YAML syntax error: .*unique/);
  });

  it('reports malformed YAML with line and column, exit 2, no stack trace', async () => {
    const r = await health(
      ['-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\n---\nkind: [x\n',
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^flotilla health: <stdin>:\d+:\d+: YAML syntax error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports malformed YAML in a file by its name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-health-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n    namespace: b\n');
    try {
      const r = await health(['-f', file]);
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n')[0]).toBe(
        `flotilla health: ${file}:4:9: YAML syntax error: Nested mappings are not allowed in compact mappings`,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('skips documents that are not objects with a warning, exit 0', async () => {
    const r = await health(
      ['-f', '-', '-o', 'json'],
      '- a list\n---\n\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n',
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'flotilla health: <stdin>:1:1: not a Kubernetes object (no apiVersion, kind and metadata); skipped\n',
    );
    expect(JSON.parse(r.stdout)).toEqual([
      { kind: 'Secret', namespace: '', name: 's', status: null, message: '' },
    ]);
  });

  it('says so when there are no objects', async () => {
    const table = await health(['-f', '-'], '');
    expect(table).toEqual({
      code: 0,
      stdout: '',
      stderr: 'flotilla health: no Kubernetes objects in <stdin>\n',
    });
    const json = await health(['-f', '-', '-o', 'json'], '# nothing\n');
    expect(json.stdout).toBe('[]\n');
  });

  it('rejects bad usage with exit 2', async () => {
    for (const args of [
      [],
      ['-f'],
      ['-f', 'x.yaml', '-o', 'yaml'],
      ['-f', 'x.yaml', '--bogus'],
      ['-f', 'x.yaml', 'extra'],
    ]) {
      const r = await health(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('usage: flotilla health');
    }
  });

  it('explains an unreadable file or missing stdin with exit 2', async () => {
    const missing = await health(['-f', 'no/such.yaml']);
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'flotilla health: cannot read no/such.yaml: no such file\n',
    });
    const dir = await health(['-f', 'pod']);
    expect(dir).toMatchObject({ code: 2, stderr: 'flotilla health: cannot read pod: it is a directory\n' });
    const noStdin = await health(['-f', '-']);
    expect(noStdin).toMatchObject({ code: 2, stderr: 'flotilla health: no standard input to read from\n' });
  });

  it('prints its usage for --help', async () => {
    const r = await health(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-f, --filename FILE');
  });
});
