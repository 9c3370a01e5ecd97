import { beforeEach, describe, expect, it } from 'vitest';
import { resolveSyncOptions } from '../../../../src/engine/config/sync-options.js';
import type { App } from '../../../../src/engine/config/index.js';
import { pauseApp, resumeApp, type PauseDeps } from '../../../../src/engine/history/pause.js';
import { readAppRecord } from '../../../../src/engine/history/index.js';
import { FakeLockApi } from '../sync/fake-lock-api.js';

const NOW = Date.parse('2026-12-03T12:00:00.000Z');
const automated = { prune: false, selfHeal: true, allowEmpty: false };

describe('pausing and resuming auto-sync by hand', () => {
  let cluster: FakeLockApi;
  const deps = (over: Partial<PauseDeps> = {}, auto = true): PauseDeps => {
    const syncPolicy: App['syncPolicy'] = { syncOptions: resolveSyncOptions([]) };
    if (auto) syncPolicy.automated = automated;
    return {
      app: { name: 'web', syncPolicy },
      cluster,
      readOnly: undefined,
      clock: { now: () => NOW },
      who: async () => ({ user: 'carol', host: 'ops-3' }),
      ...over,
    };
  };

  beforeEach(() => {
    cluster = new FakeLockApi();
  });

  it('writes a manual pause with who, where, when and why, and no pinned revision', async () => {
    const paused = await pauseApp(deps(), '  incident 42 ');
    const expected = {
      by: 'carol',
      host: 'ops-3',
      at: '2026-12-03T12:00:00.000Z',
      reason: 'incident 42',
      source: 'manual',
    };
    expect(paused).toEqual({ ok: true, value: expected });
    expect((await readAppRecord(cluster, 'web')).pause).toEqual(expected);
  });

  it('lifts the pause on resume and answers it; a second resume answers that none was there', async () => {
    await pauseApp(deps(), 'incident 42');
    expect(await resumeApp(deps())).toMatchObject({ ok: true, value: { reason: 'incident 42' } });
    expect((await readAppRecord(cluster, 'web')).pause).toBeUndefined();
    expect(await resumeApp(deps())).toEqual({ ok: true, value: undefined });
  });

  it('refuses to pause an app that is not automated, sending nothing', async () => {
    const result = await pauseApp(deps({}, false), 'why');
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'autosync.not-automated' }] });
    expect(cluster.log).toEqual([]);
  });

  it('refuses an empty reason', async () => {
    expect(await pauseApp(deps(), '  ')).toMatchObject({
      ok: false,
      problems: [{ code: 'autosync.no-reason' }],
    });
  });

  it('refuses in read-only mode and on a read-only cluster, sending nothing', async () => {
    expect(await pauseApp(deps({ readOnly: 'global' }), 'why')).toMatchObject({
      ok: false,
      problems: [{ message: expect.stringContaining('read-only mode') }],
    });
    expect(await resumeApp(deps({ readOnly: 'cluster' }))).toMatchObject({
      ok: false,
      problems: [
        {
          message:
            'Cluster fake is read-only in the fleet file: auto-sync of web was not resumed and nothing was sent.',
        },
      ],
    });
    expect(cluster.log).toEqual([]);
  });

  it('turns a refused write into a plain-words problem', async () => {
    cluster.failWith = () => 403;
    expect(await pauseApp(deps(), 'why')).toMatchObject({
      ok: false,
      problems: [
        {
          code: 'autosync.write-failed',
          message: expect.stringContaining('Could not pause auto-sync of app web'),
        },
      ],
    });
  });
});
