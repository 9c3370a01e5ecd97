/** What `flotilla rollout` prints: pure functions from plans, events and records to lines of text. Records come
 * from the clusters, so every name and message in them is made terminal-safe here. */
import type { Problem } from '../engine/problem.js';
import { redactProblem } from '../engine/redact.js';
import type {
  RolloutAppRecord,
  RolloutEvent,
  RolloutOrder,
  RolloutOutcome,
  RolloutPlan,
  RolloutRecord,
} from '../engine/rollout/index.js';
import { oneLine, terminalSafe } from '../engine/safe-text.js';
import { formatElapsed } from './sync-output.js';

/** Untrusted text on one line, safe for the terminal. */
const safe = (text: string): string => terminalSafe(oneLine(text));

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `app → cluster`. */
const target = (t: { app: string; cluster: string }): string => `${safe(t.app)} → ${safe(t.cluster)}`;

/** `env=prod`. */
const groupName = (label: string, value: string): string => `${safe(label)}=${safe(value)}`;

/** The mark of an app's state on a terminal (without one, the state word alone says it). */
const MARKS: Record<RolloutAppRecord['state'], string> = {
  Succeeded: '✓',
  Failed: '✗',
  Refused: '✗',
  Syncing: '…',
  Waiting: '·',
  NotStarted: '-',
};

/** `--dry-run`: the groups in order, each app and its cluster, and the apps left out with why. */
export function formatGroups(plan: RolloutPlan): string[] {
  const apps = plan.groups.reduce((n, g) => n + g.apps.length, 0);
  const lines = [
    `rollout of ${safe(plan.appSet)} by ${safe(plan.order.label)}: ${plural(plan.groups.length, 'group')}, ${plural(apps, 'app')} (dry run: nothing is sent)`,
  ];
  plan.groups.forEach((g, i) => {
    lines.push(`group ${i + 1} ${groupName(plan.order.label, g.value)}`);
    for (const t of g.apps) lines.push(`  ${target(t)}`);
  });
  lines.push(...formatLeftOut(plan.leftOut));
  return lines;
}

function formatLeftOut(leftOut: RolloutPlan['leftOut']): string[] {
  if (leftOut.length === 0) return [];
  return ['left out:', ...leftOut.map((l) => `  ${target(l)}: ${safe(l.reason)}`)];
}

/** One app's line: mark (on a terminal), app → cluster, state, and the message or the operation. */
export function formatApp(app: RolloutAppRecord, glyphs: boolean): string {
  const detail = app.message
    ? `: ${safe(app.message)}`
    : app.operation
      ? ` (operation ${safe(app.operation)})`
      : '';
  return `  ${glyphs ? `${MARKS[app.state]} ` : ''}${target(app)}: ${app.state}${detail}`;
}

/** The lines for one event of a running rollout in `order` (the syncs' own events give none). */
export function rolloutEventLines(e: RolloutEvent, order: RolloutOrder, glyphs: boolean): string[] {
  switch (e.type) {
    case 'started':
      return [
        `rollout ${safe(e.record.id)} of ${safe(e.record.appSet)} by ${safe(e.record.order.label)}: ${plural(e.record.groups.length, 'group')}, started by ${safe(e.record.initiator.user)}@${safe(e.record.initiator.host)}`,
        ...formatLeftOut(e.record.leftOut),
      ];
    case 'interrupted':
      return [
        `the previous rollout ${safe(e.previous.id)} (started by ${safe(e.previous.initiator.user)}@${safe(e.previous.initiator.host)} at ${safe(e.previous.startedAt)}) was interrupted; this one replaces its record`,
      ];
    case 'group':
      return [
        `group ${e.index + 1}/${order.values.length} ${groupName(order.label, e.group.value)}: ${e.group.apps.map(target).join(', ')}`,
      ];
    case 'app':
      return [formatApp(e.app, glyphs)];
    case 'warning':
      return [`warning: ${safe(redactProblem(e.problem).message)}`];
    case 'sync':
    case 'done':
      return [];
  }
}

/** The end of a rollout: Succeeded, or where it stopped and why, and what was not reached. */
export function formatRolloutResult(record: RolloutRecord): string[] {
  const apps = record.groups.flatMap((g) => g.apps);
  const elapsed = formatElapsed(record);
  const head = `rollout ${safe(record.id)} of ${safe(record.appSet)}: ${record.phase}`;
  if (record.phase === 'Succeeded')
    return [
      `${head} (${plural(apps.length, 'app')} in ${plural(record.groups.length, 'group')}${elapsed ? `, in ${elapsed}` : ''})`,
    ];
  const at = record.stoppedAt ? ` at group ${groupName(record.order.label, record.stoppedAt.group)}` : '';
  const lines = [`${head}${at}${elapsed ? ` (after ${elapsed})` : ''}`];
  if (record.message) lines.push(`  ${safe(record.message)}`);
  const notStarted = apps.filter((a) => a.state === 'NotStarted');
  if (notStarted.length > 0) lines.push(`  not started: ${notStarted.map(target).join(', ')}`);
  return lines;
}

/** `--status`: the stored rollout, who ran it and when, each group and app with its state. */
export function formatRolloutRecord(record: RolloutRecord, glyphs: boolean): string[] {
  const who = `${safe(record.initiator.user)}@${safe(record.initiator.host)}`;
  const order = `${safe(record.order.label)}=${record.order.values.map(safe).join(',')}`;
  const lines = [
    `rollout ${safe(record.id)} of ${safe(record.appSet)} (--order ${order}): ${record.phase}${record.stoppedAt ? ` at group ${groupName(record.order.label, record.stoppedAt.group)}` : ''}`,
    `  started by ${who} at ${safe(record.startedAt)}${record.finishedAt ? `, finished at ${safe(record.finishedAt)}` : `, last heard of at ${safe(record.heartbeatAt)}`}`,
  ];
  if (record.message) lines.push(`  ${safe(record.message)}`);
  for (const g of record.groups) {
    lines.push(`group ${groupName(record.order.label, g.value)}: ${safe(g.phase)}`);
    for (const a of g.apps) lines.push(`  ${formatApp(a, glyphs)}`);
  }
  lines.push(...formatLeftOut(record.leftOut));
  return lines;
}

/** What a rollout ended as, for `-o json` and the exit code. */
export type RolloutResultWord = RolloutRecord['phase'] | 'Refused';

/** The `-o json` document of a rollout run. */
export interface RolloutJson {
  appSet: string;
  result: RolloutResultWord;
  record: RolloutRecord | null;
  problems: Problem[];
  warnings: Problem[];
  /** The previous rollout, when it was interrupted and this one replaced its record; else null. */
  interrupted: RolloutRecord | null;
  /** The rollout that is running, when that is why this one was refused; else null. */
  running: RolloutRecord | null;
}

/** The `-o json` document of a rollout run. */
export function rolloutJson(appSet: string, outcome: RolloutOutcome): RolloutJson {
  if (!outcome.started)
    return {
      appSet,
      result: 'Refused',
      record: null,
      problems: outcome.problems.map((p) => redactProblem(p)),
      warnings: [],
      interrupted: null,
      running: outcome.running ?? null,
    };
  return {
    appSet,
    result: outcome.record.phase,
    record: outcome.record,
    problems: [],
    warnings: outcome.warnings.map((p) => redactProblem(p)),
    interrupted: outcome.interrupted ?? null,
    running: null,
  };
}
