/** The sync dialog's rows as data: toggles, counts per wave, each object with its action and checkbox, and in
 * a bulk dialog one row per app with its plan or its progress. Pure, so they test without Ink. */
import type {
  AppView,
  OperationView,
  PlanTaskView,
  PlanView,
  SyncOptionsView,
  TaskActionView,
} from '../../state/types.js';
import type { Glyphs } from '../glyphs.js';
import type { RoleName } from '../themes/roles.js';
import { cell } from './cells.js';
import type { Cell } from './cells.js';

/** The toggles in display order, with the key that flips each (the dialog's commands use the same keys). */
export const SYNC_TOGGLES = [
  { option: 'prune', key: 'p', label: 'prune' },
  { option: 'dryRun', key: 'r', label: 'dry run' },
  { option: 'force', key: 'f', label: 'force' },
  { option: 'replace', key: 'R', label: 'replace' },
  { option: 'onlyOutOfSync', key: 'O', label: 'out-of-sync only' },
] as const;

/** The role of an action word: creates are fine, updates change things, prunes delete. */
export function actionRole(action: TaskActionView): RoleName {
  const roles: Record<TaskActionView, RoleName> = {
    create: 'ok',
    update: 'warning',
    prune: 'danger',
    hook: 'accent',
    unchanged: 'muted',
    skipped: 'muted',
  };
  return roles[action];
}

/** `[x]` / `[ ]` in both glyph sets (brackets read the same in ASCII). */
function box(on: boolean): string {
  return on ? '[x]' : '[ ]';
}

/** The toggle line: `p [x] prune r [ ] dry run …` (fits 80 columns with every label). */
export function toggleCells(options: SyncOptionsView): Cell[] {
  const out: Cell[] = [cell(' ')];
  for (const t of SYNC_TOGGLES) {
    const on = options[t.option];
    const risky = on && (t.option === 'prune' || t.option === 'force' || t.option === 'replace');
    out.push(cell(t.key, 'key'), cell(` ${box(on)}`, risky ? 'danger' : on ? 'accent' : 'muted'));
    out.push(cell(` ${t.label} `, on ? 'text' : 'muted'));
  }
  return out;
}

/** Counts of one plan, e.g. `create 1 · update 2 · prune 1 · hooks 1`; nothing to do says so. */
export function countCells(counts: PlanView['counts'], separator: string): Cell[] {
  const order: [TaskActionView, string][] = [
    ['create', 'create'],
    ['update', 'update'],
    ['prune', 'prune'],
    ['hook', 'hooks'],
    ['skipped', 'skipped'],
    ['unchanged', 'unchanged'],
  ];
  const out: Cell[] = [];
  for (const [action, word] of order) {
    const n = counts[action] ?? 0;
    if (n === 0) continue;
    if (out.length > 0) out.push(cell(` ${separator} `, 'muted'));
    out.push(cell(`${word} ${n}`, actionRole(action)));
  }
  return out.length > 0 ? out : [cell('nothing to change', 'ok')];
}

/** One step of the plan: a phase and wave (prunes counted apart) and its counts. */
export interface WaveCount {
  label: string;
  counts: Partial<Record<TaskActionView, number>>;
}

/** Counts per wave, in the order the plan runs them; prunes are one step of their own. */
export function waveCounts(tasks: readonly PlanTaskView[]): WaveCount[] {
  const steps = new Map<string, WaveCount>();
  for (const t of tasks) {
    if (t.action === 'unchanged') continue;
    const label = t.action === 'prune' ? 'prune' : `${t.phase} wave ${t.wave}`;
    const step = steps.get(label) ?? { label, counts: {} };
    step.counts[t.action] = (step.counts[t.action] ?? 0) + 1;
    steps.set(label, step);
  }
  return [...steps.values()];
}

/** One row of the object list. */
export interface PlanRow {
  key: string;
  /** Undefined for hooks: they are not resources and cannot be left out. */
  checked?: boolean;
  action: TaskActionView | 'not planned';
  /** `Kind/namespace/name`. */
  object: string;
  step: string;
  note?: string;
}

/** `Kind/namespace/name` (or `Kind/name`). */
export function objectLabel(o: { kind: string; namespace?: string; name: string }): string {
  return o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`;
}

/** The object list of a one-app dialog: planned tasks in run order, then resources left out of the plan. */
export function planRows(
  app: AppView | undefined,
  plan: PlanView | undefined,
  options: SyncOptionsView,
  universe: readonly string[],
): PlanRow[] {
  const rows: PlanRow[] = [];
  const seen = new Set<string>();
  for (const t of plan?.tasks ?? []) {
    seen.add(t.key);
    rows.push({
      key: t.key,
      ...(t.action === 'hook' ? {} : { checked: isIn(options, t.key) }),
      action: t.action,
      object: objectLabel(t),
      step: t.action === 'prune' ? '' : `${t.phase} ${t.wave}`,
      ...(t.note !== undefined ? { note: t.note } : {}),
    });
  }
  const byKey = new Map((app?.resources ?? []).map((r) => [r.key, r]));
  for (const key of universe) {
    if (seen.has(key)) continue;
    const r = byKey.get(key);
    rows.push({
      key,
      checked: isIn(options, key),
      action: 'not planned',
      object: r ? objectLabel(r) : key,
      step: '',
      note: isIn(options, key) ? r?.sync : 'left out',
    });
  }
  return rows;
}

function isIn(options: SyncOptionsView, key: string): boolean {
  return options.resources === undefined || options.resources.includes(key);
}

/** Cells of one object row (the cursor gutter is the Row component's). */
export function planRowCells(row: PlanRow, needsConfirmation: boolean): Cell[] {
  const action = row.action === 'not planned' ? '-' : row.action;
  return [
    cell(row.checked === undefined ? '    ' : `${box(row.checked)} `, row.checked ? 'accent' : 'muted'),
    cell(action.padEnd(10), row.action === 'not planned' ? 'muted' : actionRole(row.action)),
    cell(row.object, row.checked === false ? 'muted' : 'text'),
    cell(row.step ? `  ${row.step}` : '', 'muted'),
    // The engine's note says the same at more length: the short words leave room for the name.
    ...(needsConfirmation
      ? [cell('  needs its name typed', 'danger')]
      : row.note
        ? [cell(`  ${row.note}`, 'muted')]
        : []),
  ];
}

/** One app of a bulk dialog: where it is, and its plan, its progress once sent, or why it is skipped. */
export function bulkRowCells(
  app: AppView,
  production: boolean,
  state: { blocked?: string; plan?: PlanView; operation?: OperationView; sent: boolean },
  glyphs: Glyphs,
): Cell[] {
  const head = [
    cell(app.name.padEnd(18), 'text'),
    cell(` ${app.cluster}`, production ? 'frame.production' : 'text'),
    cell(production ? ' PROD' : '', 'frame.production'),
    cell(
      `  ${glyphs.sync[app.sync]} ${app.sync}  `,
      app.sync === 'Synced' ? 'sync.synced' : 'sync.outOfSync',
    ),
  ];
  if (state.blocked) return [...head, cell(`skipped: ${state.blocked}`, 'warning')];
  if (state.sent) return [...head, ...progressCells(state.operation, glyphs)];
  const plan = state.plan;
  if (!plan || plan.status === 'loading') return [...head, cell(`planning${glyphs.ellipsis}`, 'muted')];
  if (plan.status === 'error')
    return [...head, cell(`no plan: ${plan.error ?? 'planning failed'}`, 'danger')];
  if (plan.problems.length > 0) return [...head, cell(`cannot sync: ${plan.problems[0]}`, 'danger')];
  return [...head, ...countCells(plan.counts, glyphs.separator)];
}

/** An app's progress after a bulk sync was sent. */
function progressCells(op: OperationView | undefined, glyphs: Glyphs): Cell[] {
  if (!op) return [cell(`sent, waiting for the engine${glyphs.ellipsis}`, 'muted')];
  const roles: Record<OperationView['phase'], RoleName> = {
    Running: 'health.progressing',
    Succeeded: 'ok',
    Failed: 'danger',
    Interrupted: 'warning',
    Refused: 'danger',
  };
  const done = op.tasks.filter((t) => t.status === 'succeeded' || t.status === 'skipped').length;
  const where = op.step ? ` ${op.step.phase} wave ${op.step.wave}` : '';
  const count = op.tasks.length > 0 ? ` ${done}/${op.tasks.length}` : '';
  return [
    cell(`${op.phase}${where}${count}`, roles[op.phase]),
    ...(op.message ? [cell(`  ${op.message}`, 'muted')] : []),
  ];
}
