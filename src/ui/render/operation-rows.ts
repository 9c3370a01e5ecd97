/**
 * Rows of the operation screen, pure: one app's operation as phase → wave → object (hooks with their
 * pod's status in the message), or, without an app, the rollout group by group and every app's operation
 * (a bulk sync's progress per app). The pane mounts only the visible rows.
 */
import type { ListModel } from '../../state/list.js';
import { memoizeLast } from '../../state/memo.js';
import type {
  AppView,
  OperationTaskView,
  OperationView,
  RolloutView,
  SyncPhaseView,
  ViewModel,
} from '../../state/types.js';
import { formatAge, padEnd, shortSha } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import type { RoleName } from '../themes/roles.js';
import { cell } from './cells.js';
import type { Cell } from './cells.js';

/** The state a row shows: a task's, or one rolled up from the tasks (or apps) under it. */
export type StepState = 'pending' | 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** One row of the operation screen. */
export type OperationRow =
  | { kind: 'phase'; key: string; phase: SyncPhaseView; state: StepState; done: number; total: number }
  | { kind: 'wave'; key: string; wave: number; state: StepState; done: number; total: number }
  | { kind: 'task'; key: string; task: OperationTaskView }
  | { kind: 'heading'; key: string; text: string }
  | { kind: 'group'; key: string; label: string; state: StepState; done: number; total: number }
  | {
      kind: 'app';
      key: string;
      appId: string;
      state: StepState;
      op?: OperationView;
      message?: string;
      /** Under a rollout group (indented one more level). */
      inGroup: boolean;
    };

/** The rows and the cursor model (headings cannot hold the cursor). */
export interface OperationRows {
  rows: OperationRow[];
  model: ListModel;
}

/** Phases in the order a sync runs them. */
const PHASES: readonly SyncPhaseView[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

const isDone = (s: StepState): boolean => s === 'succeeded' || s === 'skipped' || s === 'failed';

/** Rolls states up: a failure wins, then running work, then all done, else pending. */
export function rollUp(states: readonly StepState[]): StepState {
  if (states.some((s) => s === 'failed')) return 'failed';
  if (states.some((s) => s === 'running')) return 'running';
  if (states.length > 0 && states.every((s) => s === 'skipped')) return 'skipped';
  if (states.length > 0 && states.every(isDone)) return 'succeeded';
  if (states.some(isDone)) return 'running';
  return states.some((s) => s === 'waiting') ? 'waiting' : 'pending';
}

/** The state of an operation as a whole. */
export function operationState(op: OperationView): StepState {
  switch (op.phase) {
    case 'Running':
      return 'running';
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
    case 'Interrupted':
    case 'Refused':
      return 'failed';
  }
}

/** Phase → wave → object rows of one operation. */
export function operationDetailRows(op: OperationView): OperationRow[] {
  const rows: OperationRow[] = [];
  for (const phase of PHASES) {
    const tasks = op.tasks.filter((t) => t.phase === phase);
    if (tasks.length === 0) continue;
    const states = tasks.map((t) => t.status);
    const done = states.filter(isDone).length;
    rows.push({ kind: 'phase', key: `p:${phase}`, phase, state: rollUp(states), done, total: tasks.length });
    const waves = [...new Set(tasks.map((t) => t.wave))].sort((a, b) => a - b);
    for (const wave of waves) {
      const inWave = tasks.filter((t) => t.wave === wave);
      const ws = inWave.map((t) => t.status);
      const key = `w:${phase}:${wave}`;
      rows.push({
        kind: 'wave',
        key,
        wave,
        state: rollUp(ws),
        done: ws.filter(isDone).length,
        total: ws.length,
      });
      for (const task of inWave) rows.push({ kind: 'task', key: `t:${phase}:${wave}:${task.key}`, task });
    }
  }
  return rows;
}

/** The rollout, group by group, each app with its state. */
export function rolloutRows(rollout: RolloutView, operations: Record<string, OperationView>): OperationRow[] {
  const rows: OperationRow[] = [
    { kind: 'heading', key: 'h:rollout', text: `Rollout of ${rollout.appSet}, group by group` },
  ];
  const [label] = rollout.order.split('=');
  for (const group of rollout.groups) {
    const states = group.apps.map((a) => a.state);
    const done = states.filter(isDone).length;
    const groupLabel = `${label ?? ''}=${group.value}`;
    rows.push({
      kind: 'group',
      key: `g:${group.value}`,
      label: groupLabel,
      state: rollUp(states),
      done,
      total: states.length,
    });
    for (const a of group.apps)
      rows.push({
        kind: 'app',
        key: `r:${group.value}:${a.appId}`,
        appId: a.appId,
        state: a.state,
        op: operations[a.appId],
        message: a.message,
        inGroup: true,
      });
  }
  return rows;
}

/** Every app's operation, running ones first, then newest first. */
export function operationListRows(operations: Record<string, OperationView>): OperationRow[] {
  const ops = Object.values(operations).sort(
    (a, b) =>
      Number(b.phase === 'Running') - Number(a.phase === 'Running') ||
      (b.startedAt ?? 0) - (a.startedAt ?? 0) ||
      a.appId.localeCompare(b.appId),
  );
  if (ops.length === 0) return [];
  return [
    { kind: 'heading', key: 'h:ops', text: 'Operations, running first' },
    ...ops.map((op): OperationRow => ({
      kind: 'app',
      key: `o:${op.appId}`,
      appId: op.appId,
      state: operationState(op),
      op,
      inGroup: false,
    })),
  ];
}

function withModel(rows: OperationRow[]): OperationRows {
  return {
    rows,
    model: { keys: rows.map((r) => r.key), selectable: rows.map((r) => r.kind !== 'heading') },
  };
}

const detailRows = memoizeLast((op: OperationView | undefined) =>
  withModel(op ? operationDetailRows(op) : []),
);

const overviewRows = memoizeLast(
  (rollout: RolloutView | undefined, operations: Record<string, OperationView>): OperationRows =>
    withModel([...(rollout ? rolloutRows(rollout, operations) : []), ...operationListRows(operations)]),
);

/** The rows of the operation screen on top of the stack (memoised on its inputs). */
export function selectOperationRows(state: ViewModel): OperationRows {
  const top = state.ui.screens[state.ui.screens.length - 1];
  if (top?.id !== 'operation') return withModel([]);
  if (top.app !== undefined) return detailRows(state.operations[top.app]);
  return overviewRows(state.rollout, state.operations);
}

/** The glyph, word and role of a state. */
export function stateLook(state: StepState, glyphs: Glyphs): { text: string; role: RoleName } {
  switch (state) {
    case 'running':
      return { text: `${glyphs.health.Progressing} running`, role: 'health.progressing' };
    case 'succeeded':
      return { text: `${glyphs.health.Healthy} succeeded`, role: 'ok' };
    case 'failed':
      return { text: `${glyphs.health.Degraded} failed`, role: 'danger' };
    case 'skipped':
      return { text: `${glyphs.leaf} skipped`, role: 'muted' };
    case 'waiting':
      return { text: `${glyphs.leaf} waiting`, role: 'muted' };
    case 'pending':
      return { text: `${glyphs.leaf} pending`, role: 'muted' };
  }
}

/** How long an operation ran (or has been running). */
export function elapsed(op: OperationView, now: number): string | undefined {
  if (op.startedAt === undefined) return undefined;
  return formatAge((op.finishedAt ?? now) - op.startedAt);
}

/** `Kind/name` of a task (its namespace is the app's, shown in the summary). */
export function taskObject(t: Pick<OperationTaskView, 'kind' | 'name'>): string {
  return `${t.kind}/${t.name}`;
}

/** Tasks done out of all, e.g. `5/7`. */
function progress(op: OperationView): string {
  const done = op.tasks.filter((t) => isDone(t.status)).length;
  return `${done}/${op.tasks.length}`;
}

/** What an app row says after its state: kind, progress, current step, elapsed time, message. */
function appRowMessage(row: Extract<OperationRow, { kind: 'app' }>, now: number): string {
  const op = row.op;
  if (!op) return row.message ?? '';
  const step = op.phase === 'Running' && op.step ? `${op.step.phase} wave ${op.step.wave}` : '';
  const time = elapsed(op, now);
  return [op.kind, op.tasks.length > 0 ? progress(op) : '', step, time ?? '', row.message ?? op.message ?? '']
    .filter((s) => s !== '')
    .join('  ');
}

/** Widths of the label, state and message columns for an inner width. */
export function operationColumns(width: number): { label: number; state: number; message: number } {
  const state = 11;
  const label = Math.min(48, Math.max(20, Math.floor(width * 0.42)));
  return { label, state, message: Math.max(0, width - label - state - 2) };
}

/** Cells of one row, `width` columns wide (the cursor gutter excluded). */
export function operationRowCells(
  row: OperationRow,
  width: number,
  glyphs: Glyphs,
  now: number,
  appName: (id: string) => string,
): Cell[] {
  const cols = operationColumns(width);
  const line = (label: string, labelRole: RoleName, state: StepState, message: string): Cell[] => {
    const look = stateLook(state, glyphs);
    return [
      cell(padEnd(label, cols.label, glyphs.ellipsis), labelRole),
      cell(' '),
      cell(padEnd(look.text, cols.state, glyphs.ellipsis), look.role),
      cell(' '),
      cell(padEnd(message, cols.message, glyphs.ellipsis), state === 'failed' ? 'danger' : 'muted'),
    ];
  };
  switch (row.kind) {
    case 'heading':
      return [cell(padEnd(row.text, width, glyphs.ellipsis), 'title')];
    case 'phase':
      return line(row.phase, 'title', row.state, `${row.done}/${row.total} done`);
    case 'wave':
      return line(`  wave ${row.wave}`, 'text', row.state, `${row.done}/${row.total} done`);
    case 'group':
      return line(`  ${row.label}`, 'text', row.state, `${row.done}/${row.total} done`);
    case 'task': {
      const t = row.task;
      const message = t.message ?? '';
      return line(`    ${padEnd(t.action, 6)} ${taskObject(t)}`, 'text', t.status, message);
    }
    case 'app':
      return line(
        `${row.inGroup ? '    ' : '  '}${appName(row.appId)}`,
        'text',
        row.state,
        appRowMessage(row, now),
      );
  }
}

/** The first summary line of one operation: kind, phase, revision, who, when, how long. */
export function operationSummary(op: OperationView, now: number): { text: string; role: RoleName } {
  const parts = [
    `${op.kind} ${op.phase}`,
    op.revision ? `at ${shortSha(op.revision)}` : '',
    op.initiator
      ? `by ${op.initiator}${op.mine ? '' : " (another operator's)"}`
      : op.mine
        ? ''
        : "another operator's",
    op.startedAt !== undefined ? `started ${formatAge(now - op.startedAt)} ago` : '',
    op.startedAt !== undefined
      ? `${op.phase === 'Running' ? 'running for' : 'took'} ${elapsed(op, now)}`
      : '',
    op.dryRun ? 'dry run' : '',
    op.partial ? 'partial' : '',
  ];
  return { text: parts.filter((p) => p !== '').join('  '), role: phaseRole(op.phase) };
}

/** The second summary line: what it waits for now, or why it ended. */
export function operationDetailLine(op: OperationView): string {
  const waiting =
    op.phase === 'Running' && op.waitingOn?.length ? `waiting on ${op.waitingOn.join(', ')}` : '';
  const step = op.phase === 'Running' && op.step ? `${op.step.phase} wave ${op.step.wave}` : '';
  return [step, waiting, op.message ?? ''].filter((p) => p !== '').join('  ');
}

/** The role of an operation's phase. */
export function phaseRole(phase: OperationView['phase']): RoleName {
  switch (phase) {
    case 'Running':
      return 'health.progressing';
    case 'Succeeded':
      return 'ok';
    case 'Failed':
      return 'danger';
    case 'Interrupted':
    case 'Refused':
      return 'warning';
  }
}

/** The app name for a row: the fleet's name when known, else the id. */
export function appLabel(apps: Record<string, AppView>, id: string): string {
  const app = apps[id];
  return app ? `${app.name} on ${app.cluster}` : id;
}
