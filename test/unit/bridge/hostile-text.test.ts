/** Text from Git and clusters enters the view model with every control shown as a visible escape. */
import { describe, expect, it } from 'vitest';
import { toPatch } from '../../../src/bridge/bridge.js';
import type { WorkerMessage } from '../../../src/engine/workers/index.js';
import type { Patch } from '../../../src/state/index.js';
import { C1_CLEAR, CLEAR, OSC52, OSC8, RLO, TITLE, UNSAFE_CHAR } from '../../support/hostile-text.js';

const sha = 'b'.repeat(40);

/** One worker message of each kind that carries text from outside, all of it hostile. */
const messages: WorkerMessage[] = [
  {
    type: 'monitor',
    event: {
      type: 'cluster',
      cluster: {
        name: 'one',
        labels: { env: `prod${RLO}` },
        reachable: false,
        lastError: `403 Forbidden: ${TITLE}`,
        canWrite: false,
        readOnly: false,
      },
    },
  },
  {
    type: 'monitor',
    event: {
      type: 'app',
      app: {
        name: 'shop',
        cluster: 'one',
        namespace: 'shop',
        repo: 'deploy',
        ref: 'main',
        sha,
        sync: 'OutOfSync',
        health: 'Degraded',
        healthMessage: `Pod crashed: ${CLEAR}`,
        driftCount: 1,
        autoSync: { enabled: false, prune: false, selfHeal: false },
        resources: [
          {
            group: '',
            kind: 'ConfigMap',
            namespace: 'shop',
            name: `cm${OSC8}`,
            sync: 'Missing',
            health: null,
            message: C1_CLEAR,
          },
        ],
        problems: [`render: ${OSC52}`],
      },
    },
  },
  {
    type: 'detail',
    app: 'shop',
    resources: [
      {
        identity: { group: '', kind: 'Pod', namespace: 'shop', name: `web${OSC8}` },
        expandable: false,
        health: 'Degraded',
        message: `terminated: ${CLEAR}`,
      },
    ],
    events: [
      {
        type: 'Warning',
        reason: `BackOff${TITLE}`,
        message: `restarting\r${CLEAR}`,
        object: `Pod/web${OSC8}`,
        count: 1,
        lastSeen: 1,
      },
    ],
  },
  {
    type: 'diff',
    app: 'shop',
    resources: [
      {
        identity: { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'shop', name: `cm${RLO}` },
        status: 'OutOfSync',
        diff: `+  clip: ${OSC52}\n`,
      },
    ],
  },
  {
    type: 'commits',
    app: 'shop',
    pending: {
      repo: 'deploy',
      ref: 'main',
      deployedSha: sha,
      tipSha: sha,
      commits: [
        {
          sha,
          parents: [],
          author: { name: `Mallory${TITLE}`, email: 'm@example.com' },
          date: '2026-01-01T00:00:00Z',
          subject: `harmless fix${OSC52}`,
        },
      ],
    },
  },
  { type: 'failed', request: 'refresh', app: 'shop', message: `apiserver said: ${CLEAR}${OSC8}` },
  { type: 'failed', request: 'diff', app: 'shop', message: `apiserver said: ${OSC52}` },
];

/** Every string in a patch: keys and values. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
}

describe('bridge: untrusted text', () => {
  it.each(messages.map((m) => [m.type, m] as const))(
    'a %s message becomes a patch without any control character',
    (_type, message) => {
      const patch = toPatch(message);
      expect(patch).toBeDefined();
      for (const text of stringsIn(patch)) expect(text).not.toMatch(UNSAFE_CHAR);
    },
  );

  it('shows the hostile text as visible escapes in the rows', () => {
    const patch = <K extends Patch['kind']>(i: number, kind: K) => {
      const p = toPatch(messages[i]!);
      if (p?.kind !== kind) throw new Error(`message ${i} gave ${p?.kind}, not ${kind}`);
      return p as Extract<Patch, { kind: K }>;
    };
    expect(patch(4, 'commits').pending?.commits[0]).toMatchObject({
      subject: 'harmless fix\\x1b]52;c;ZWNobyBwd25lZA==\\x07',
      author: 'Mallory\\x1b]0;owned\\x07',
    });
    const detail = patch(2, 'appDetail');
    expect(detail.resources?.[0]?.message).toBe('terminated: \\x1b[2J');
    expect(detail.resources?.[0]?.name).toBe(
      'web\\x1b]8;;https://evil.example/\\x1b\\click me\\x1b]8;;\\x1b\\',
    );
    expect(detail.events?.[0]?.message).toBe('restarting\\r\\x1b[2J');
    expect(patch(3, 'diff').resources?.[0]?.name).toBe('cm\\u202e');
    expect(patch(5, 'alert').alert.text).toBe(
      'shop: apiserver said: \\x1b[2J\\x1b]8;;https://evil.example/\\x1b\\click me\\x1b]8;;\\x1b\\',
    );
  });
});
