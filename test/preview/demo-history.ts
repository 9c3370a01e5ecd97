/** Demo history for the preview: a few entries per app (one failed, one rollback) and an entry's diff. */
import type { AppView, HistoryView, ResourceDiff } from '../../src/state/types.js';

const MIN = 60_000;

/** Four entries, newest first; the newest is the app's live revision. */
export function demoHistory(app: AppView, now: number): Omit<HistoryView, 'diff'> {
  const sha = (n: number) => `${n}`.repeat(40).slice(0, 40);
  return {
    appId: app.id,
    status: 'ready',
    entries: [
      {
        id: 4,
        sha: app.revision.sha,
        subject: `${app.name}: bump image to 1.5`,
        author: 'Ada Lovelace',
        deployedAt: now - 12 * MIN,
        initiator: 'auto-sync',
        kind: 'auto-sync',
        result: 'Succeeded',
        partial: false,
        attempts: 1,
      },
      {
        id: 3,
        sha: sha(3),
        subject: `${app.name}: raise memory limit`,
        author: 'Linus',
        deployedAt: now - 95 * MIN,
        initiator: 'alice@ops1',
        kind: 'sync',
        result: 'Failed',
        message: 'Deployment web: 0/3 available after 5m',
        partial: false,
        attempts: 3,
      },
      {
        id: 2,
        sha: sha(2),
        subject: `${app.name}: only the ConfigMap`,
        author: 'Grace',
        deployedAt: now - 4 * 60 * MIN,
        initiator: 'bob@ops2',
        kind: 'sync',
        result: 'Succeeded',
        partial: true,
        attempts: 1,
      },
      {
        id: 1,
        sha: sha(1),
        subject: `${app.name}: first deploy`,
        author: 'Grace',
        deployedAt: now - 26 * 60 * MIN,
        initiator: 'bob@ops2',
        kind: 'sync',
        result: 'Succeeded',
        partial: false,
        attempts: 1,
      },
    ],
  };
}

/** What entry `id` changed: one ConfigMap line. */
export function demoHistoryDiff(id: number): ResourceDiff[] {
  return [
    {
      key: '/ConfigMap/demo/settings',
      kind: 'ConfigMap',
      namespace: 'demo',
      name: 'settings',
      lines: [
        `--- entry ${id - 1}`,
        `+++ entry ${id}`,
        '@@ -1,2 +1,2 @@',
        ' data:',
        `-  LIMIT: "${id * 100 - 100}"`,
        `+  LIMIT: "${id * 100}"`,
      ],
    },
  ];
}
