/**
 * Rollback on the test bed: it restores an earlier revision's objects, pauses an automated app's auto-sync
 * before its first write (pinned to the restored revision) until `flotilla autosync APP resume`, and refuses,
 * writing nothing, a commit a force push removed from the repository.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseHistory,
  parsePause,
  type AutoSyncPause,
  type HistoryEntry,
} from '../../../src/engine/history/index.js';
import { auditMark, auditSince, byFlotilla, writesIn } from '../../support/audit-log.js';
import type { CliRun } from '../../support/cli.js';
import { Scenario, getObject } from '../../support/scenario.js';
import { inSyncAt, Runner, type RunnerLine } from '../../support/autosync.js';
import { explain, syncApp } from '../../support/sync.js';
import { kubectl } from '../../support/testbed.js';

const configMap = (value: string): string => `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {value: ${value}}
`;

/** The value of the app's ConfigMap on cluster 1. */
async function liveValue(ns: string): Promise<string | undefined> {
  const cm = await getObject(1, { kind: 'ConfigMap', namespace: ns, name: 'settings' });
  return (cm as { data?: { value?: string } } | undefined)?.data?.value;
}

/** The app's record (history and pause) as kept in ConfigMap flotilla-app-APP on cluster 1. */
async function record(app: string): Promise<{ history: HistoryEntry[]; pause: AutoSyncPause | undefined }> {
  const out = await kubectl(1, [
    ...['get', 'configmap', `flotilla-app-${app}`, '-n', 'flotilla-system'],
    ...['-o', 'json', '--ignore-not-found'],
  ]);
  const data = out.trim() ? (JSON.parse(out) as { data?: Record<string, string> }).data : undefined;
  return { history: parseHistory(data?.['history.json']), pause: parsePause(data?.['autosync-pause.json']) };
}

/** `flotilla rollback ARGS -o json`: the run and its one JSON document. */
async function rollback(s: Scenario, ...args: string[]): Promise<CliRun & { doc: RollbackDoc | undefined }> {
  const run = await s.flotilla('rollback', ...args, '-o', 'json');
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  return { ...run, doc: line ? (JSON.parse(line) as RollbackDoc) : undefined };
}

/** The parts of the rollback's JSON document the tests read. */
interface RollbackDoc {
  result: string;
  state: { kind?: string; revision: string; phase: string } | null;
  problems: { message: string }[];
  rollback: { target: { id: number; revision: string }; pausesAutoSync: boolean } | null;
}

describe('a rollback', () => {
  const s = new Scenario('rollback');
  const plain = s.name('rb-plain');
  const auto = s.name('rb-auto');
  const nsPlain = s.name('rollback-plain');
  const nsAuto = s.name('rollback-auto');
  let rev1 = '';
  let rev2 = '';
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    s.setUp({ 'plain/cm.yaml': configMap('v1'), 'auto/cm.yaml': configMap('v1') }, [
      { name: plain, path: 'plain', namespace: nsPlain },
      { name: auto, path: 'auto', namespace: nsAuto, syncPolicy: 'automated: {}' },
    ]);
    rev1 = s.head();
    for (const app of [plain, auto]) {
      const run = await syncApp(s, app);
      expect(run.code, explain(run)).toBe(0);
    }
    rev2 = s.commit({ 'plain/cm.yaml': configMap('v2'), 'auto/cm.yaml': configMap('v2') }, 'second');
    for (const app of [plain, auto]) {
      const run = await syncApp(s, app);
      expect(run.code, explain(run)).toBe(0);
    }
    expect([await liveValue(nsPlain), await liveValue(nsAuto)]).toEqual(['v2', 'v2']);
    for (const app of [plain, auto]) {
      const { history } = await record(app);
      expect(history.map((e) => [e.kind, e.revision])).toEqual([
        ['sync', rev2],
        ['sync', rev1],
      ]);
      ids[app] = history[1]!.id;
    }
  });
  afterAll(() => s.tearDown());

  it("restores the previous revision's objects and leaves the app out of sync with its branch", async () => {
    const run = await rollback(s, plain);
    expect(run.code, explain(run)).toBe(0);
    expect(run.doc).toMatchObject({
      result: 'Succeeded',
      state: { kind: 'rollback', revision: rev1, phase: 'Succeeded' },
      rollback: { target: { id: ids[plain], revision: rev1 }, pausesAutoSync: false },
    });
    expect(await liveValue(nsPlain)).toBe('v1');
    expect((await s.status(plain)).sync).toBe('OutOfSync');
    expect((await record(plain)).pause).toBeUndefined();
  });

  it('records its own history entry: kind rollback, the entry it restored, the revision', async () => {
    const [newest] = (await record(plain)).history;
    expect(newest).toMatchObject({
      kind: 'rollback',
      rollbackOf: ids[plain],
      revision: rev1,
      result: 'Succeeded',
    });
  });

  it('pauses an automated app in the same step, before its first write, pinned to the restored revision', async () => {
    const mark = auditMark(1);
    const run = await rollback(s, auto);
    expect(run.code, explain(run)).toBe(0);
    expect(run.doc?.rollback?.pausesAutoSync).toBe(true);
    expect(await liveValue(nsAuto)).toBe('v1');
    const pause = (await record(auto)).pause;
    expect(pause).toMatchObject({
      source: 'rollback',
      revision: rev1,
      reason: `rollback to #${ids[auto]} (${rev1.slice(0, 7)})`,
    });
    expect(pause?.by).not.toBe('');
    const events = auditSince(1, mark);
    const pauseWrite = writesIn(events, 'flotilla-system').find(
      (w) => byFlotilla(w) && w.resource === 'configmaps' && w.name === `flotilla-app-${auto}`,
    );
    const firstObjectWrite = writesIn(events, nsAuto).filter(byFlotilla)[0];
    expect(pauseWrite, 'the pause was written').toBeDefined();
    expect(firstObjectWrite, 'the rollback applied an object').toBeDefined();
    expect(pauseWrite!.at < firstObjectWrite!.at).toBe(true);
  });

  it('lifts the pause with `autosync APP resume`, says so when there is none, and pauses by hand with a reason', async () => {
    const resumed = await s.flotilla('autosync', auto, 'resume');
    expect(resumed.code, explain(resumed)).toBe(0);
    expect(resumed.stdout).toContain(`Auto-sync of ${auto} resumed; it was paused: rollback to #`);
    expect((await record(auto)).pause).toBeUndefined();
    const again = await s.flotilla('autosync', auto, 'resume');
    expect([again.code, again.stdout]).toEqual([
      0,
      `Auto-sync of ${auto} was not paused: nothing to resume.\n`,
    ]);

    const paused = await s.flotilla('autosync', auto, 'pause', '--reason', 'incident 7');
    expect(paused.code, explain(paused)).toBe(0);
    expect((await record(auto)).pause).toMatchObject({ source: 'manual', reason: 'incident 7' });
    expect((await record(auto)).pause?.revision).toBeUndefined();
    const notAutomated = await s.flotilla('autosync', plain, 'pause', '--reason', 'x');
    expect(notAutomated.code).toBe(1);
    expect(notAutomated.stderr).toContain(`App ${plain} is not automated`);
    expect((await s.flotilla('autosync', auto, 'resume')).code).toBe(0);
  });
});

describe('a rollback to a commit a force push removed', () => {
  const s = new Scenario('rbgone');
  const app = s.name('rb-gone');
  const ns = s.name('rollback-gone');
  let rev1 = '';
  let gone: HistoryEntry | undefined;

  beforeAll(async () => {
    s.setUp({ 'app/cm.yaml': configMap('v1') }, [
      { name: app, path: 'app', namespace: ns, syncPolicy: 'automated: {}' },
    ]);
    rev1 = s.head();
    expect((await syncApp(s, app)).code).toBe(0);
    const rev2 = s.commit({ 'app/cm.yaml': configMap('v2') }, 'second');
    expect((await syncApp(s, app)).code).toBe(0);
    gone = (await record(app)).history.find((e) => e.revision === rev1);
    expect(gone, `an entry at ${rev2} and one at ${rev1}`).toBeDefined();
    s.forcePush({ 'app/cm.yaml': configMap('v3') }, 'history rewritten');
  });
  afterAll(() => s.tearDown());

  it('says the commit no longer exists, and writes nothing: no object, no pause, no lock', async () => {
    const mark = auditMark(1);
    const run = await rollback(s, app, String(gone?.id));
    expect(run.code, explain(run)).toBe(1);
    expect(run.doc?.result).toBe('Refused');
    expect(run.doc?.problems.map((p) => p.message)).toEqual([
      `Commit ${rev1.slice(0, 7)} (#${gone?.id}) no longer exists in repository deploy: its history was rewritten (force-push?). Nothing was synced.`,
    ]);
    const events = auditSince(1, mark);
    expect(writesIn(events, ns).filter(byFlotilla)).toEqual([]);
    expect(writesIn(events, 'flotilla-system').filter((w) => byFlotilla(w) && w.name.includes(app))).toEqual(
      [],
    );
    expect(await liveValue(ns)).toBe('v2');
    expect((await record(app)).pause).toBeUndefined();
  });
});

describe('a rolled-back app under auto-sync', () => {
  const s = new Scenario('rbrun');
  const held = s.name('rb-held');
  const witness = s.name('rb-witness');
  const ns = { held: s.name('rollback-held'), witness: s.name('rollback-witness') };
  let runner: Runner | undefined;
  const seen = (what: string, test: (l: RunnerLine) => boolean): Promise<RunnerLine> =>
    runner!.waitFor(what, test, 240_000);

  beforeAll(() => {
    const automated = 'automated: {}';
    s.setUp(
      { 'held/cm.yaml': configMap('v1'), 'witness/cm.yaml': configMap('w1') },
      [
        { name: held, path: 'held', namespace: ns.held, syncPolicy: automated },
        { name: witness, path: 'witness', namespace: ns.witness, syncPolicy: automated },
      ],
      // The runner must see pushes within seconds, not the default three minutes.
      { pollInterval: '2s' },
    );
    runner = new Runner(s, [held, witness]);
  });
  afterAll(async () => {
    await runner?.stop();
    await s.tearDown();
  });

  it('keeps auto-sync paused across a Git push (the pushed commit is not applied) until resume, then applies it', async () => {
    const rev1 = s.head();
    await seen('the first commit auto-synced', inSyncAt(held, rev1));
    const rev2 = s.commit({ 'held/cm.yaml': configMap('v2') }, 'second');
    await seen('the second commit auto-synced', inSyncAt(held, rev2));

    const back = await rollback(s, held);
    expect(back.code, explain(back)).toBe(0);
    expect(back.doc?.rollback?.target.revision).toBe(rev1);
    expect(await liveValue(ns.held)).toBe('v1');
    await seen(
      'the runner passing over the paused app',
      (l) => l.app === held && l.event === 'decision' && (l.action?.reason ?? '').includes('paused by'),
    );

    const rev3 = s.commit({ 'held/cm.yaml': configMap('v3'), 'witness/cm.yaml': configMap('w3') }, 'third');
    // Once the same runner has the witness at the pushed commit, it has seen that commit for the held app too.
    await seen('the witness auto-synced at the pushed commit', inSyncAt(witness, rev3));
    expect(await liveValue(ns.held)).toBe('v1');
    expect(runner!.started(held).filter((l) => l.revision === rev3)).toEqual([]);
    expect((await record(held)).pause).toMatchObject({ source: 'rollback', revision: rev1 });

    const resumed = await s.flotilla('autosync', held, 'resume');
    expect(resumed.code, explain(resumed)).toBe(0);
    await seen('the pushed commit auto-synced after resume', inSyncAt(held, rev3));
    expect(await liveValue(ns.held)).toBe('v3');
  }, 600_000);
});
