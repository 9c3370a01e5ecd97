/** Hostile text from Git and clusters reaches the screen as visible escapes: the frame Ink writes holds no
 * escape sequence but Ink's own colours. */
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { toPatch } from '../../../src/bridge/bridge.js';
import type { WorkerMessage } from '../../../src/engine/workers/index.js';
import { applyPatch } from '../../../src/state/patch.js';
import { NOW } from '../../fixtures/ui/fleet.js';
import { CLEAR, OSC52, OSC8, UNSAFE_CHAR } from '../../support/hostile-text.js';
import { KEY, renderApp, tick } from './helpers.js';

afterEach(() => cleanup());

const APP = 'staging/guestbook-staging';

/** Feeds a worker message through the bridge into the UI's store, as the running program does. */
function receive(ui: ReturnType<typeof renderApp>, message: WorkerMessage): void {
  const patch = toPatch(message);
  if (patch) applyPatch(ui.store, patch);
}

/** The raw frame with Ink's colour and style sequences (SGR: ESC [ … m) taken out. */
function rawFrameWithoutStyling(ui: ReturnType<typeof renderApp>): string {
  // eslint-disable-next-line no-control-regex -- Ink's SGR sequences start with ESC
  return (ui.lastFrame() ?? '').replace(/\x1b\[[0-9;]*m/g, '');
}

describe('hostile text on screen', () => {
  it('shows a commit subject carrying OSC 52 as text in the Repo pane, and never emits it', async () => {
    const ui = renderApp();
    await tick();
    await ui.press('j', 'j', 'j', 'c');
    await ui.waitFor((f) => f.includes('repo guestbook-staging'));
    const sha = '0123456789abcdef0123456789abcdef01234567';
    receive(ui, {
      type: 'commits',
      app: APP,
      pending: {
        repo: 'https://git.example/fleet.git',
        ref: 'main',
        deployedSha: 'f'.repeat(40),
        tipSha: sha,
        commits: [
          {
            sha,
            parents: [],
            author: { name: 'Mallory', email: 'm@example.com' },
            date: new Date(NOW - 60_000).toISOString(),
            subject: `fix${OSC52}typo`,
          },
        ],
      },
    });
    const f = await ui.waitFor((fr) => fr.includes('Mallory'));
    expect(f).toContain('fix\\x1b]52;c;ZWNobyBwd25lZA==\\x07typo');
    const raw = rawFrameWithoutStyling(ui);
    expect(raw).not.toMatch(UNSAFE_CHAR_EXCEPT_NEWLINE);
  });

  it('shows an object name with OSC 8 and a termination message with CSI 2J as text in the App pane', async () => {
    // Wide enough for the tree (sized by its content) to show the whole escaped name and message.
    const ui = renderApp({ columns: 220, rows: 30 });
    await tick();
    await ui.press(':');
    await ui.type('app guestbook-staging');
    await ui.press(KEY.enter);
    await ui.waitFor((f) => f.includes('Resources'));
    receive(ui, {
      type: 'detail',
      app: APP,
      resources: [
        {
          identity: { group: 'apps', kind: 'Deployment', namespace: 'guestbook', name: `web${OSC8}` },
          expandable: true,
          sync: 'OutOfSync',
          health: 'Degraded',
          message: `OOMKilled ${CLEAR}`,
        },
      ],
      events: [
        {
          type: 'Warning',
          reason: 'BackOff',
          message: `last state:\r${CLEAR}`,
          object: 'Pod/web-1',
          count: 2,
          lastSeen: NOW - 5_000,
        },
      ],
    });
    const f = await ui.waitFor((fr) => fr.includes('BackOff'));
    expect(f).toContain('Deployment/web\\x1b]8;;https://evil.exa');
    expect(f).toContain('OOMKilled \\x1b[2J');
    expect(f).toContain('last state:\\r\\x1b[2J');
    expect(rawFrameWithoutStyling(ui)).not.toMatch(UNSAFE_CHAR_EXCEPT_NEWLINE);
  });

  it('shows a hook message with CSI 2J and an object name with OSC 8 as text in the Operation pane', async () => {
    const ui = renderApp({ columns: 160, rows: 30 });
    await tick();
    await ui.press('j', 'j', 'j', 'o');
    await ui.waitFor((f) => f.includes('Operation of guestbook-staging'));
    receive(ui, {
      type: 'operation',
      operation: {
        app: APP,
        id: 'op-1',
        kind: 'sync',
        phase: 'Running',
        initiator: `eve${OSC52}@host`,
        startedAt: NOW - 5_000,
        dryRun: false,
        partial: false,
        mine: false,
        tasks: [
          {
            identity: {
              group: 'batch',
              version: 'v1',
              kind: 'Job',
              namespace: 'guestbook',
              name: `migrate${OSC8}`,
            },
            action: 'hook',
            phase: 'PreSync',
            wave: 0,
            status: 'running',
            message: `pod migrate-x: Running ${CLEAR}`,
          },
        ],
      },
    });
    const f = await ui.waitFor((fr) => fr.includes('PreSync'));
    expect(f).toContain('Job/migrate\\x1b]8;;https://evil.exa');
    expect(f).toContain('pod migrate-x: Running \\x1b[2J');
    expect(rawFrameWithoutStyling(ui)).not.toMatch(UNSAFE_CHAR_EXCEPT_NEWLINE);
  });

  it('shows an action log entry carrying OSC 52 as text', async () => {
    const ui = renderApp({ columns: 160, rows: 30 });
    await tick();
    await ui.press('@');
    receive(ui, {
      type: 'actionLog',
      entries: [
        {
          time: NOW - 1_000,
          user: 'ops@host',
          cluster: 'staging',
          app: 'guestbook-staging',
          verb: 'patch',
          object: `ConfigMap/guestbook/x${OSC52}`,
          result: 'ok',
        },
      ],
    });
    const f = await ui.waitFor((fr) => fr.includes('ConfigMap/guestbook/x'));
    expect(f).toContain('ConfigMap/guestbook/x\\x1b]52');
    expect(rawFrameWithoutStyling(ui)).not.toMatch(UNSAFE_CHAR_EXCEPT_NEWLINE);
  });
});

/** Unsafe characters, newline apart (it separates the frame's rows). */
const UNSAFE_CHAR_EXCEPT_NEWLINE = new RegExp(
  UNSAFE_CHAR.source.replace('\\x00-\\x1f', '\\x00-\\x09\\x0b-\\x1f'),
);
