/**
 * The acting side end to end on the test bed, as the TUI drives it: intents through the real bridge to the
 * monitor worker's code and back as store state. A plan read fresh from the cluster, a sync streamed and its
 * row updated at once, read-only refused with the reason and nothing sent, history, rollback, another
 * flotilla following and terminating a running sync, and the action log.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationView, SyncOptionsView } from '../../../src/state/index.js';
import { auditMark, auditSince, byFlotilla, describeWrites, writesIn } from '../../support/audit-log.js';
import { startBridge, type BridgeHarness } from '../../support/bridge-harness.js';
import { configMap, deployment } from '../../support/manifests.js';
import { Scenario, getObject } from '../../support/scenario.js';
import { explain, syncApp } from '../../support/sync.js';
import { kubectl, testbed } from '../../support/testbed.js';

const s = new Scenario('acting');
const main = s.name('act-main');
const nsMain = s.name('acting-main');
const stuck = s.name('act-stuck');
const nsStuck = s.name('acting-stuck');
const settings = (value: string) => configMap('settings', {}, { value });
const options: SyncOptionsView = {
  prune: false,
  dryRun: false,
  force: false,
  replace: false,
  onlyOutOfSync: false,
};

let rev1 = '';
let writer: BridgeHarness;
let other: BridgeHarness;
let reader: BridgeHarness;

async function liveValue(): Promise<string | undefined> {
  const cm = await getObject(1, { kind: 'ConfigMap', namespace: nsMain, name: 'settings' });
  return (cm as { data?: { value?: string } } | undefined)?.data?.value;
}

/** The app's operation once it is not Running any more (and, with `after`, not that earlier one). */
const ended = (h: BridgeHarness, app: string, after?: OperationView) =>
  h.until(`${app}'s operation to end`, (st) => {
    const op = st.operations[app];
    if (!op || op.phase === 'Running' || (after && op.id === after.id && op.kind === after.kind))
      return undefined;
    return op;
  });

beforeAll(async () => {
  s.setUp(
    {
      'main/cm.yaml': settings('v1'),
      'stuck/stuck.yaml': deployment('stuck', { wave: 0 }, { outcome: 'never-ready' }),
      'stuck/after.yaml': configMap('after', { wave: 1 }),
    },
    [
      { name: main, path: 'main', namespace: nsMain },
      { name: stuck, path: 'stuck', namespace: nsStuck },
    ],
    // Only a refresh polls Git, so the test decides when a new commit is seen.
    { pollInterval: '1h' },
  );
  rev1 = s.head();
  const first = await syncApp(s, main);
  expect(first.code, explain(first)).toBe(0);
  const tb = testbed();
  const fleet = join(s.work, 'flotilla.yaml');
  const kubeContexts = [tb.context(1), tb.context(2), tb.viewerContext(1)];
  writer = startBridge(fleet, { kubeContexts, env: s.env, readOnly: false });
  other = startBridge(fleet, { kubeContexts, env: s.env, readOnly: false });
  reader = startBridge(fleet, { kubeContexts, env: s.env, readOnly: true });
}, 300_000);

afterAll(async () => {
  await Promise.all([writer?.stop(), other?.stop(), reader?.stop()]);
  await s.tearDown();
});

describe('acting from the TUI (bridge and worker on the test bed)', () => {
  it('plans against the live objects read just now: a drifted object is listed as an update', async () => {
    await writer.until('main Synced', (st) => (st.apps[main]?.sync === 'Synced' ? true : undefined));
    await kubectl(1, [
      ...['patch', 'configmap', 'settings', '-n', nsMain, '--type', 'merge'],
      ...['-p', '{"data":{"value":"drifted"}}'],
    ]);
    // At once: the monitor may not have seen the change yet, the plan must.
    writer.intents.planSync(main, options);
    expect(writer.store.getState().plans[main]?.status).toBe('loading');
    const plan = await writer.until('the plan', (st) =>
      st.plans[main]?.status === 'loading' ? undefined : st.plans[main],
    );
    expect(plan.error).toBeUndefined();
    expect(plan.status).toBe('ready');
    expect(plan.revision).toBe(rev1);
    expect(plan.tasks.map((t) => `${t.action} ${t.kind}/${t.name}`)).toEqual(['update ConfigMap/settings']);
    expect(plan.tasks[0]?.key).toBe(`/ConfigMap/${nsMain}/settings`);
    expect(plan.counts).toEqual({ update: 1 });
    // The hand edit made kubectl-patch the field's manager: the plan's dry run says the sync needs Force.
    expect(plan.problems).toEqual([expect.stringMatching(/conflict with "kubectl-patch".*turn on Force/)]);
    expect(plan.tasks[0]?.note).toMatch(/kubectl-patch/);
    writer.intents.planSync(main, { ...options, force: true });
    const forced = await writer.until('the plan with Force', (st) =>
      st.plans[main]?.status === 'ready' && st.plans[main].options.force ? st.plans[main] : undefined,
    );
    expect(forced.problems).toEqual([]);
  }, 120_000);

  it('syncs with its progress streamed; the row turns Synced and Healthy right after', async () => {
    await writer.until('main OutOfSync', (st) => (st.apps[main]?.sync === 'OutOfSync' ? true : undefined));
    const phases: string[] = [];
    const off = writer.store.subscribe((st) => {
      const op = st.operations[main];
      if (op && phases.at(-1) !== op.phase) phases.push(op.phase);
    });
    writer.intents.sync(main, { ...options, force: true });
    const op = await ended(writer, main);
    off();
    expect(op.phase, op.message).toBe('Succeeded');
    expect(phases[0]).toBe('Running');
    expect(op).toMatchObject({ kind: 'sync', mine: true, revision: rev1, dryRun: false });
    expect(op.tasks.map((t) => `${t.kind}/${t.name} ${t.status}`)).toEqual(['ConfigMap/settings succeeded']);
    const doneAt = Date.now();
    await writer.until(
      'main Synced and Healthy',
      (st) => (st.apps[main]?.sync === 'Synced' && st.apps[main]?.health === 'Healthy' ? true : undefined),
      5_000,
    );
    expect(Date.now() - doneAt).toBeLessThan(5_000);
    expect(await liveValue()).toBe('v1');
    expect(writer.store.getState().alerts.map((a) => a.text)).toContain(`sync of ${main} on one succeeded`);
  }, 180_000);

  it('read-only: the sync and the rollback come back Refused naming the reason, and nothing is sent', async () => {
    await reader.until('main known', (st) => st.apps[main]);
    const mark = auditMark(1);
    reader.intents.planSync(main, options);
    const plan = await reader.until('the read-only plan', (st) =>
      st.plans[main]?.status === 'ready' ? st.plans[main] : undefined,
    );
    expect(plan.problems.join(' ')).toMatch(/read-only mode/);
    reader.intents.sync(main, options);
    const refused = await ended(reader, main);
    expect(refused.phase).toBe('Refused');
    expect(refused.message).toMatch(/read-only mode \(--readonly/);
    reader.intents.rollback(main, undefined, { prune: false });
    const rollback = await reader.until('the rollback refusal', (st) =>
      st.operations[main]?.kind === 'rollback' ? st.operations[main] : undefined,
    );
    expect(rollback.phase).toBe('Refused');
    expect(rollback.message).toMatch(/read-only/);
    // Give anything that slipped through time to reach the API server's log.
    await new Promise((r) => setTimeout(r, 1_500));
    const events = auditSince(1, mark);
    const writes = [
      ...writesIn(events, nsMain),
      ...writesIn(events, 'flotilla-system').filter((w) => w.name.includes(main)),
    ].filter(byFlotilla);
    expect(describeWrites(writes)).toEqual([]);
  }, 120_000);

  it('sends the history after a sync: the newest entry is that sync', async () => {
    writer.intents.requestHistory(main);
    const history = await writer.until('the history', (st) =>
      st.history?.appId === main && st.history.status === 'ready' ? st.history : undefined,
    );
    expect(history.entries.length).toBeGreaterThanOrEqual(2);
    expect(history.entries[0]).toMatchObject({
      kind: 'sync',
      result: 'Succeeded',
      sha: rev1,
      partial: false,
    });
    expect(history.entries[0]!.id).toBeGreaterThan(history.entries[1]!.id);
    writer.intents.requestHistoryDiff(main, history.entries.at(-1)!.id);
    const diff = await writer.until('the oldest entry diff', (st) =>
      st.history?.diff?.status === 'ready' ? st.history.diff : undefined,
    );
    expect(diff.resources.map((r) => r.name)).toContain('settings');
  }, 120_000);

  it('rolls back to the previous revision, and the history pane gets the rollback entry', async () => {
    const rev2 = s.commit({ 'main/cm.yaml': settings('v2') }, 'second');
    writer.intents.refresh({ app: main });
    await writer.until('main at the second commit', (st) =>
      st.apps[main]?.revision.sha === rev2 ? true : undefined,
    );
    const before = writer.store.getState().operations[main];
    writer.intents.sync(main, options);
    const synced = await ended(writer, main, before);
    expect(synced.phase, synced.message).toBe('Succeeded');
    expect(synced.revision).toBe(rev2);
    expect(await liveValue()).toBe('v2');

    writer.intents.rollback(main, undefined, { prune: false });
    const rolled = await ended(writer, main, synced);
    expect(rolled.phase, rolled.message).toBe('Succeeded');
    expect(rolled).toMatchObject({ kind: 'rollback', revision: rev1, mine: true });
    expect(await liveValue()).toBe('v1');
    const history = await writer.until('the history with the rollback', (st) =>
      st.history?.status === 'ready' && st.history.entries[0]?.kind === 'rollback' ? st.history : undefined,
    );
    expect(history.entries[0]).toMatchObject({ sha: rev1, result: 'Succeeded' });
    expect(history.entries[0]!.rollbackOf).toBeDefined();
  }, 180_000);

  it('a second flotilla follows a running sync from the cluster and terminates it', async () => {
    writer.intents.sync(stuck, options);
    await writer.until('the stuck sync waiting on its first wave', (st) => {
      const op = st.operations[stuck];
      return op?.phase === 'Running' && (op.waitingOn?.length ?? 0) > 0 ? op : undefined;
    });
    other.intents.followOperation(stuck);
    const seen = await other.until("the other flotilla's view of it", (st) =>
      st.operations[stuck]?.phase === 'Running' ? st.operations[stuck] : undefined,
    );
    expect(seen.mine).toBe(false);
    expect(seen.initiator).toMatch(/@/);
    expect(seen.tasks.map((t) => t.name)).toEqual(expect.arrayContaining(['stuck', 'after']));

    other.intents.terminate(stuck);
    const mine = await ended(writer, stuck);
    expect(mine.phase).toBe('Failed');
    expect(mine.message).toMatch(/terminated/);
    const theirs = await ended(other, stuck);
    expect(theirs.phase).toBe('Failed');
    other.intents.releaseOperation(stuck);
    const alert = writer.store.getState().alerts.find((a) => a.app === stuck);
    expect(alert).toMatchObject({ severity: 'danger' });
    expect(alert?.text).toMatch(/sync of .* failed/);
    expect(await getObject(1, { kind: 'ConfigMap', namespace: nsStuck, name: 'after' })).toBeUndefined();
  }, 180_000);

  it("lists the sync's requests in the action log, newest first", async () => {
    writer.intents.requestActionLog();
    const log = await writer.until('the action log', (st) =>
      st.actionLog?.status === 'ready' ? st.actionLog : undefined,
    );
    const times = log.entries.map((e) => e.time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const applied = log.entries.filter((e) => e.app === main && e.object.includes('settings'));
    expect(applied.length).toBeGreaterThanOrEqual(3);
    expect(applied[0]).toMatchObject({ cluster: 'one', verb: 'patch', result: 'ok' });
    expect(log.entries.some((e) => /^leases\b/.test(e.object) && e.result === 'ok')).toBe(true);
  }, 60_000);
});
