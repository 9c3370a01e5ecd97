import { describe, expect, it } from 'vitest';
import { createDiffer, diffText, maskSecret, normalizeObject } from '../../../../src/engine/diff/index.js';
import type { KubeObject } from '../../../../src/engine/objects.js';
import { FakeCluster, load } from './support.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
/** Every spelling of every secret value in the fixtures: none may appear in any output. */
const secretSpellings = ['hunter2-new-and-improved', 'correct-horse-battery', 'appuser'].flatMap((v) => [
  v,
  b64(v),
]);

function expectNoSecrets(output: unknown) {
  const text = JSON.stringify(output);
  for (const s of secretSpellings) expect(text).not.toContain(s);
}

describe('Secret masking', () => {
  it('masks every output of a client-side diff: equal values equal, changed values different', async () => {
    const app = await createDiffer({ access: new FakeCluster() }).diffApp({
      app: 'shop',
      desired: [{ object: load('secret.desired.yaml') }],
      live: [load('secret.live.yaml')],
    });
    const r = app.resources[0]!;
    expect(r.status).toBe('OutOfSync');
    expect(r.changedPaths).toEqual(['/data/password']);
    const liveData = r.live!.data as Record<string, string>;
    const targetData = r.target!.data as Record<string, string>;
    expect(liveData.username).toBe(targetData.username);
    expect(liveData.password).not.toBe(targetData.password);
    for (const v of [...Object.values(liveData), ...Object.values(targetData)]) expect(v).toMatch(/^\++$/);
    expect(diffText(r)).toMatch(/^-\s+password: \++$/m);
    expect(diffText(r)).toMatch(/^\+\s+password: \++$/m);
    expect(diffText(r)).not.toMatch(/^[-+]\s+username/m);
    expectNoSecrets(app);
  });

  it('masks a server-side diff and a Synced Secret the same way', async () => {
    const live = load('secret.live.yaml');
    const cluster = new FakeCluster();
    cluster.dryRun = () => ({
      ...structuredClone(live),
      data: { username: b64('appuser'), password: b64('hunter2-new-and-improved') },
    });
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('secret.desired.yaml') }],
      live: [live],
    });
    expect(app.resources[0]).toMatchObject({ status: 'OutOfSync', mode: 'server-side' });
    expectNoSecrets(app);

    cluster.dryRun = () => structuredClone(live);
    const synced = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('secret.desired.yaml') }],
      live: [live],
    });
    expect(synced.resources[0]!.status).toBe('Synced');
    expectNoSecrets(synced);
  });

  it('masks Missing and Extraneous Secrets', async () => {
    const missing = await createDiffer({ access: new FakeCluster() }).diffApp({
      app: 'shop',
      desired: [{ object: load('secret.desired.yaml') }],
      live: [],
    });
    expect(missing.resources[0]!.status).toBe('Missing');
    expectNoSecrets(missing);
    const extraneous = await createDiffer({ access: new FakeCluster() }).diffApp({
      app: 'shop',
      desired: [],
      live: [load('secret.live.yaml')],
    });
    expect(extraneous.resources[0]!.status).toBe('Extraneous');
    expectNoSecrets(extraneous);
  });

  it('withholds the server message when a Secret dry run is rejected (it may quote a value)', async () => {
    const cluster = new FakeCluster();
    cluster.dryRun = () => {
      throw {
        statusCode: 422,
        body: {
          reason: 'Invalid',
          message: 'Secret "db" is invalid: data[password]: hunter2-new-and-improved',
        },
      };
    };
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('secret.desired.yaml') }],
      live: [load('secret.live.yaml')],
    });
    expect(app.resources[0]!.problems[0]!.code).toBe('diff.dry-run-rejected');
    expectNoSecrets(app);
  });

  it('masks values quoted in a last-applied annotation with the same tokens', () => {
    const masked = maskSecret(load('secret.live.yaml'));
    expectNoSecrets(masked);
    const lastApplied = JSON.parse(
      masked.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']!,
    ) as { stringData: { password: string }; data: { username: string } };
    expect(lastApplied.stringData.password).toBe((masked.data as { password: string }).password);
    expect(lastApplied.data.username).toBe((masked.data as { username: string }).username);

    const unreadable = load('secret.live.yaml');
    unreadable.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration'] =
      '{"stringData":{"password":"correct-horse-battery"';
    expectNoSecrets(maskSecret(unreadable));
  });

  it('gives tokens that do not depend on the value', () => {
    const secret = (v: string): KubeObject =>
      normalizeObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { k: v } });
    expect(maskSecret(secret('a')).data).toEqual(maskSecret(secret('a much longer value')).data);
  });

  it('leaves other kinds alone', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } };
    expect(maskSecret(cm)).toBe(cm);
  });
});
