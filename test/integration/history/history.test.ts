/** Sync history on the test bed: each sync writes its entry (who, from where, which commit, the digest), the
 * viewer identity reads it, `--diff` shows what an entry changed with Secret values masked, the limit trims,
 * and a failed sync is recorded and told by `flotilla status`. */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutoSyncPause, HistoryEntry } from '../../../src/engine/history/index.js';
import { configMap, pod } from '../../support/manifests.js';
import { Scenario } from '../../support/scenario.js';
import { explain, syncApp } from '../../support/sync.js';

/** `flotilla history APP -o json` as stored. */
interface HistoryJson {
  app: string;
  pause: AutoSyncPause | null;
  history: HistoryEntry[];
}

const secret = (value: string) => `apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: ${JSON.stringify(value)}}
`;

const s = new Scenario('history');
const app = s.name('hist');
const failing = s.name('hist-fail');
const ns = s.name('sync-hist');
const failNs = s.name('sync-hist-fail');

// A second fleet whose only setting is a history limit of 2.
const limited = new Scenario('history-limit');
const limitedApp = limited.name('hist-limit');
const limitedNs = limited.name('sync-hist-limit');

async function historyOf(sc: Scenario, name: string): Promise<HistoryJson> {
  const run = await sc.flotilla('history', name, '-o', 'json');
  expect(run.code, explain(run)).toBe(0);
  return JSON.parse(run.stdout) as HistoryJson;
}

async function syncOk(sc: Scenario, name: string): Promise<void> {
  const run = await syncApp(sc, name, ['--timeout', '180s']);
  expect(run.code, explain(run)).toBe(0);
}

beforeAll(() => {
  s.setUp(
    {
      'apps/web/config.yaml': configMap('web-config', {}, { MODE: 'normal' }),
      'apps/web/secret.yaml': secret('first-secret-value'),
      'apps/fail/config.yaml': configMap('fail-config'),
      'apps/fail/hook.yaml': pod('pre-check', 'fail', { hook: 'PreSync' }),
    },
    [
      { name: app, path: 'apps/web', namespace: ns },
      { name: failing, path: 'apps/fail', namespace: failNs },
    ],
  );
  limited.setUp({ 'apps/web/config.yaml': configMap('web-config') }, [
    { name: limitedApp, path: 'apps/web', namespace: limitedNs },
  ]);
  appendFileSync(join(limited.work, 'flotilla.yaml'), 'settings:\n  historyLimit: 2\n');
  // The same fleet as the read-only identity sees it: every app on cluster one through the viewer context.
  const fleet = readFileSync(join(s.work, 'flotilla.yaml'), 'utf8');
  writeFileSync(join(s.work, 'viewer.yaml'), fleet.replaceAll('{ cluster: one,', '{ cluster: one-viewer,'));
});
afterAll(async () => {
  await s.tearDown();
  await limited.tearDown();
});

describe('sync history', () => {
  let first: string;
  let second: string;

  it('records each sync, newest first, with the initiator, the commit and a digest per manifest set', async () => {
    first = s.head();
    await syncOk(s, app);
    second = s.commit(
      {
        'apps/web/config.yaml': configMap('web-config', {}, { MODE: 'maintenance' }),
        'apps/web/secret.yaml': secret('second-secret-value'),
      },
      'Switch web to maintenance',
    );
    await syncOk(s, app);

    const { history, pause } = await historyOf(s, app);
    expect(pause).toBeNull();
    expect(history.map((e) => [e.id, e.kind, e.result, e.revision])).toEqual([
      [2, 'sync', 'Succeeded', second],
      [1, 'sync', 'Succeeded', first],
    ]);
    for (const e of history) {
      expect(e.initiator).toEqual({ user: 'testbed-admin', host: hostname() });
      expect(e.partial).toBe(false);
      expect(e.applied).toBe(2);
      expect(e.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    expect(history.map((e) => e.commit?.subject)).toEqual(['Switch web to maintenance', 'first']);
    expect(history[0]!.manifestDigest).not.toBe(history[1]!.manifestDigest);
  }, 300_000);

  it('is readable with the viewer identity', async () => {
    const admin = await historyOf(s, app);
    const run = await s.flotilla('history', app, '-o', 'json', '--config', 'viewer.yaml');
    expect(run.code, explain(run)).toBe(0);
    expect((JSON.parse(run.stdout) as HistoryJson).history).toEqual(admin.history);
    expect(admin.history).toHaveLength(2);
  }, 120_000);

  it('--diff shows the changed field and masks the Secret value', async () => {
    const run = await s.flotilla('history', app, '--diff', '2');
    expect(run.code, explain(run)).toBe(0);
    expect(run.stdout).toContain('-  MODE: normal');
    expect(run.stdout).toContain('+  MODE: maintenance');
    expect(run.stdout).toContain('Secret');
    expect(run.stdout).not.toContain('first-secret-value');
    expect(run.stdout).not.toContain('second-secret-value');
    expect(run.stdout).toMatch(/password: \+{8,}/);
  }, 120_000);

  it('keeps only settings.historyLimit entries', async () => {
    await syncOk(limited, limitedApp);
    limited.commit({ 'apps/web/config.yaml': configMap('web-config', {}, { key: 'two' }) }, 'two');
    await syncOk(limited, limitedApp);
    limited.commit({ 'apps/web/config.yaml': configMap('web-config', {}, { key: 'three' }) }, 'three');
    await syncOk(limited, limitedApp);
    const { history } = await historyOf(limited, limitedApp);
    expect(history.map((e) => [e.id, e.commit?.subject])).toEqual([
      [3, 'three'],
      [2, 'two'],
    ]);
  }, 400_000);

  it('records a failed sync, and flotilla status says the last sync failed', async () => {
    const run = await syncApp(s, failing, ['--timeout', '180s']);
    expect(run.code, explain(run)).toBe(1);
    const { history } = await historyOf(s, failing);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'sync', result: 'Failed', attempts: 1 });
    expect(history[0]!.message).toContain('pre-check');

    const status = await s.flotilla('status', failing);
    expect(status.stdout).toContain(`${failing}: The last sync failed: `);
    const json = await s.flotilla('status', failing, '-o', 'json');
    const [doc] = JSON.parse(json.stdout) as { lastSync: { result: string; id: number } | null }[];
    expect(doc?.lastSync).toMatchObject({ id: 1, result: 'Failed' });
  }, 300_000);
});
