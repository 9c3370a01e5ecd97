/** A repo that cannot be polled is never stale silently: the monitor, on the test bed's Git server,
 * reports a repository that does not exist yet as failing, then its recovery once it is pushed. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepoSummary } from '../../../src/engine/monitor/index.js';
import type { WorkerMessage } from '../../../src/engine/workers/index.js';
import { startMonitor, until, type MonitorHarness } from '../../support/monitor-harness.js';
import { seedRepo, type SeededRepo } from '../../support/seed-repo.js';
import { testbed } from '../../support/testbed.js';

const tb = testbed();
const id = `${process.pid}${Date.now() % 100000}`;
const work = mkdtempSync(join(tmpdir(), 'flotilla-repo-outage-'));
const repoName = `late-${id}`;
const env = {
  HOME: work,
  XDG_CACHE_HOME: join(work, 'cache'),
  KUBECONFIG: tb.kubeconfig,
  PATH: `${tb.bin}:${process.env.PATH ?? ''}`,
};
let monitor: MonitorHarness | undefined;
const messages = (): WorkerMessage[] => monitor?.messages ?? [];
let seeded: SeededRepo | undefined;

function lastRepo(accept: (r: RepoSummary) => boolean): RepoSummary | undefined {
  for (let i = messages().length - 1; i >= 0; i--) {
    const m = messages()[i]!;
    if (m.type === 'monitor' && m.event.type === 'repo')
      return accept(m.event.repo) ? m.event.repo : undefined;
  }
  return undefined;
}

beforeAll(() => {
  const fleetFile = join(work, 'flotilla.yaml');
  writeFileSync(
    fleetFile,
    `clusters: [{ name: one, context: ${tb.context(1)} }]
repos: [{ name: late, url: ${tb.gitUrl}/${repoName}.git, pollInterval: 1s }]
apps: [{ name: late-app-${id}, repo: late, revision: main, path: app, destination: { cluster: one, namespace: late-${id} } }]
`,
  );
  monitor = startMonitor(fleetFile, { kubeContexts: [tb.context(1)], env, readOnly: true });
});

afterAll(async () => {
  await monitor?.stop();
  seeded?.remove();
  rmSync(work, { recursive: true, force: true });
});

describe('a repo that cannot be polled', () => {
  it('is reported failing with the reason and polls in a row, then recovered once it can be read', async () => {
    const failing = await until('two failed polls', () => lastRepo((r) => r.failures >= 2));
    expect(failing.lastPolled).toBeUndefined();
    expect(failing.lastError?.message).toBeTruthy();
    expect(failing.url).toBe(`${tb.gitUrl}/${repoName}.git`);

    seeded = seedRepo(repoName, {
      'app/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: late}\n',
    });
    const back = await until('the recovery', () =>
      lastRepo((r) => r.failures === 0 && r.lastPolled !== undefined),
    );
    expect(back.tips.main).toMatch(/^[0-9a-f]{40}$/);
    expect(back.lastError).toBeUndefined();
  });
});
