/** The sync dialog in place of the screen: what a sync would do before anything is sent. One app: its toggles,
 * counts per wave, each object with its action and checkbox, and the diff of the object under the cursor.
 * Marked apps: one row per app with its plan, then its progress once sent. */
import type { ReactNode } from 'react';
import { isProductionCluster } from '../../state/selectors/fleet.js';
import {
  isPartial,
  needsForce,
  planMatches,
  resourceUniverse,
  riskyOptions,
  writeBlock,
} from '../../state/sync-dialog.js';
import type { AppView, OperationView, PlanView, SyncDialogState, ViewModel } from '../../state/types.js';
import { Frame } from '../components/Frame.js';
import { Row } from '../components/Row.js';
import { Line } from '../components/Span.js';
import { useGlyphs, useView } from '../context.js';
import type { Glyphs } from '../glyphs.js';
import { cell } from '../render/cells.js';
import type { Cell } from '../render/cells.js';
import { diffLineRole } from '../render/detail-rows.js';
import { shortSha } from '../format.js';
import {
  bulkRowCells,
  countCells,
  planRowCells,
  planRows,
  toggleCells,
  waveCounts,
} from '../render/plan-rows.js';
import type { PlanRow } from '../render/plan-rows.js';

/** Props of SyncDialog. */
interface SyncDialogProps {
  dialog: SyncDialogState;
  height: number;
  width: number;
}

/** Rows the waves may take before they are summed up as "… N more". */
const MAX_WAVE_LINES = 4;

/** The dialog's frame; production (of any app in it) draws it in the production role. */
export function SyncDialog({ dialog, height, width }: SyncDialogProps): ReactNode {
  const production = useView((s) =>
    dialog.appIds.some((id) => isProductionCluster(s.clusters[s.apps[id]?.cluster ?? ''])),
  );
  const inner = Math.max(0, height - 2);
  return (
    <Frame height={height} width={width} focused frame={production ? 'frame.production' : undefined}>
      {dialog.appIds.length === 1 ? (
        <OneApp dialog={dialog} appId={dialog.appIds[0] as string} rows={inner} />
      ) : (
        <ManyApps dialog={dialog} rows={inner} />
      )}
    </Frame>
  );
}

/** The plan of the dialog's app, only while it answers the dialog's options. */
function currentPlan(s: ViewModel, appId: string, dialog: SyncDialogState): PlanView | undefined {
  const plan = s.plans[appId];
  return plan && planMatches(plan, dialog.options) ? plan : undefined;
}

function OneApp({
  dialog,
  appId,
  rows,
}: {
  dialog: SyncDialogState;
  appId: string;
  rows: number;
}): ReactNode {
  const app = useView((s) => s.apps[appId]);
  const plan = useView((s) => currentPlan(s, appId, dialog));
  const production = useView((s) => isProductionCluster(s.clusters[s.apps[appId]?.cluster ?? '']));
  const blocked = useView((s) => (app ? writeBlock(s, app) : undefined));
  const diff = useView((s) => (s.detail?.appId === appId ? s.detail.diff : undefined));
  const glyphs = useGlyphs();
  if (!app) return <Line role="muted"> This app is gone from the fleet: Esc closes.</Line>;
  const universe = resourceUniverse(app, plan);
  const objects = planRows(app, plan, dialog.options, universe);
  const head = headLines(app, plan, dialog, { production, blocked, glyphs });
  const footer = keysLine(dialog, production);
  const body = Math.max(0, rows - head.length - 1);
  const diffShown = dialog.showDiffOf !== undefined;
  const listRows = diffShown ? Math.min(objects.length + 1, Math.max(2, Math.floor(body / 3))) : body;
  const shownDiff = diffShown ? (diff?.resources.find((r) => r.key === dialog.showDiffOf) ?? null) : null;
  return (
    <>
      {head.map((cells, i) => (
        <Row key={`h${i}`} cells={cells} gutter={false} />
      ))}
      <ObjectList
        objects={objects}
        cursor={dialog.cursor}
        rows={listRows}
        confirm={plan?.needsConfirmation ?? []}
        partial={isPartial(dialog.options)}
        ready={plan !== undefined}
      />
      {diffShown ? (
        <DiffView
          rows={Math.max(0, body - listRows)}
          status={diff?.status}
          lines={shownDiff?.lines}
          label={objects.find((o) => o.key === dialog.showDiffOf)?.object ?? ''}
          ellipsis={glyphs.ellipsis}
        />
      ) : null}
      <Row cells={footer} gutter={false} />
    </>
  );
}

/** Title, toggles, counts, per-wave counts and problems of one app. */
function headLines(
  app: AppView,
  plan: PlanView | undefined,
  dialog: SyncDialogState,
  facts: { production: boolean; blocked?: string; glyphs: Glyphs },
): Cell[][] {
  const { glyphs } = facts;
  const lines: Cell[][] = [];
  lines.push([
    cell(` Sync ${app.name}`, 'title'),
    cell(` on ${app.cluster}`, facts.production ? 'frame.production' : 'text'),
    cell(facts.production ? ' PROD' : '', 'frame.production'),
    cell(plan?.revision ? `  at ${shortSha(plan.revision)}` : '', 'muted'),
    cell(dialog.options.dryRun ? '  DRY RUN' : '', 'accent'),
    cell(isPartial(dialog.options) || plan?.partial ? '  PARTIAL' : '', 'warning'),
  ]);
  lines.push(toggleCells(dialog.options));
  if (facts.blocked) {
    lines.push([cell(` Disabled: ${facts.blocked}. Nothing will be sent.`, 'danger')]);
    return lines;
  }
  if (dialog.options.resources?.length === 0) {
    lines.push([cell(' Nothing checked: Space checks one, a all, o those out of sync.', 'warning')]);
    return lines;
  }
  if (!plan) {
    lines.push([cell(` planning${glyphs.ellipsis} (nothing is sent while planning)`, 'muted')]);
    return lines;
  }
  if (plan.status === 'error') {
    lines.push([cell(` No plan: ${plan.error ?? 'planning failed'}`, 'danger')]);
    return lines;
  }
  if (plan.status === 'loading') {
    lines.push([cell(` planning${glyphs.ellipsis}`, 'muted')]);
    return lines;
  }
  lines.push([cell(' plan: ', 'muted'), ...countCells(plan.counts, glyphs.separator)]);
  const waves = waveCounts(plan.tasks);
  for (const w of waves.slice(0, MAX_WAVE_LINES))
    lines.push([cell(`   ${w.label.padEnd(16)} `, 'muted'), ...countCells(w.counts, glyphs.separator)]);
  if (waves.length > MAX_WAVE_LINES)
    lines.push([cell(`   ${glyphs.ellipsis} ${waves.length - MAX_WAVE_LINES} more step(s)`, 'muted')]);
  for (const p of plan.problems.slice(0, 2)) lines.push([cell(` cannot sync: ${p}`, 'danger')]);
  // The usual drift is a hand edit, whose fields another manager now owns: the dry run says it conflicts.
  if (needsForce(plan, dialog.options))
    lines.push([
      cell(' someone else changed these fields (a hand edit): f force takes them back', 'warning'),
    ]);
  const risky = riskyOptions(dialog.options);
  if (facts.production && risky.length > 0)
    lines.push([cell(` ${risky.join(', ')} on production: Enter asks for the cluster name`, 'danger')]);
  if (plan.needsConfirmation.length > 0)
    lines.push([
      cell(` ${plan.needsConfirmation.length} deletion(s) need their names typed: `, 'danger'),
      cell(plan.needsConfirmation.join(', '), 'text'),
    ]);
  return lines;
}

/** The object list, windowed around the cursor. */
function ObjectList({
  objects,
  cursor,
  rows,
  confirm,
  partial,
  ready,
}: {
  objects: readonly PlanRow[];
  cursor: string | undefined;
  rows: number;
  confirm: readonly string[];
  partial: boolean;
  ready: boolean;
}): ReactNode {
  if (rows <= 0) return null;
  const title = ` objects ${objects.length}${partial ? ' · PARTIAL: not all checked (no hooks, not in history)' : ''}`;
  if (objects.length === 0) return <Line role="muted">{ready ? `${title} · none` : `${title}`}</Line>;
  const index = Math.max(
    0,
    objects.findIndex((o) => o.key === cursor),
  );
  const fit = rows - 1;
  const start = Math.min(Math.max(0, index - Math.floor(fit / 2)), Math.max(0, objects.length - fit));
  const shown = objects.slice(start, start + fit);
  const more = objects.length > fit ? ` · ${start + 1}-${start + shown.length} of ${objects.length}` : '';
  return (
    <>
      <Line role={partial ? 'warning' : 'header'}>{`${title}${more}`}</Line>
      {shown.map((o, i) => (
        <Row
          key={o.key}
          cells={planRowCells(o, o.action === 'prune' && confirm.includes(o.object))}
          selected={start + i === index}
        />
      ))}
    </>
  );
}

/** The diff of the object under the cursor (Secret values masked by the engine). */
function DiffView({
  rows,
  status,
  lines,
  label,
  ellipsis,
}: {
  rows: number;
  status?: string;
  lines?: string[];
  label: string;
  ellipsis: string;
}): ReactNode {
  if (rows <= 0) return null;
  const body = (): ReactNode => {
    if (status === 'error')
      return <Line role="danger"> the diff could not be computed (Esc, then D retries)</Line>;
    if (!lines && status !== 'ready') return <Line role="muted">{` computing the diff${ellipsis}`}</Line>;
    if (!lines) return <Line role="ok"> no difference: the live object matches Git</Line>;
    return lines.slice(0, rows - 1).map((l, i) => (
      <Line key={i} role={diffLineRole(l)}>
        {l === '' ? ' ' : l}
      </Line>
    ));
  };
  return (
    <>
      <Line role="title">{` diff of ${label} (d hides)`}</Line>
      {body()}
    </>
  );
}

/** The app's operation if it is the one this dialog sent (not an older one left from before). */
function sinceSent(op: OperationView | undefined, sentAt: number | undefined): OperationView | undefined {
  if (!op || sentAt === undefined) return undefined;
  const at = op.startedAt ?? op.finishedAt ?? Number.POSITIVE_INFINITY;
  return at >= sentAt - 1000 ? op : undefined;
}

/** The keys of the dialog, shortest wording first so it fits 80 columns. */
function keysLine(dialog: SyncDialogState, production: boolean): Cell[] {
  if (dialog.sentAt !== undefined) return [cell(' Enter/Esc close (the syncs go on)', 'muted')];
  const confirm =
    production && riskyOptions(dialog.options).length > 0 ? 'Enter sync (name asked)' : 'Enter sync';
  const one = dialog.appIds.length === 1;
  return [
    cell(` ${confirm}`, 'key'),
    cell(' · Esc cancel', 'muted'),
    cell(one ? ' · Space check · a/o/n all/out-of-sync/none · d diff' : ' · j/k move', 'muted'),
  ];
}

function ManyApps({ dialog, rows }: { dialog: SyncDialogState; rows: number }): ReactNode {
  const glyphs = useGlyphs();
  const state = useView((s) => s);
  const apps = dialog.appIds.map((id) => state.apps[id]).filter((a): a is AppView => a !== undefined);
  const sent = dialog.sentAt !== undefined;
  const prod = apps.some((a) => isProductionCluster(state.clusters[a.cluster]));
  const head: Cell[][] = [
    [
      cell(sent ? ` Syncing ${apps.length} apps` : ` Sync ${apps.length} marked apps`, 'title'),
      cell(prod ? '  includes PROD' : '', 'frame.production'),
      cell(dialog.options.dryRun ? '  DRY RUN' : '', 'accent'),
    ],
    toggleCells(dialog.options),
  ];
  const fit = Math.max(0, rows - head.length - 1);
  const index = Math.max(
    0,
    apps.findIndex((a) => a.id === dialog.cursor),
  );
  const start = Math.min(Math.max(0, index - Math.floor(fit / 2)), Math.max(0, apps.length - fit));
  return (
    <>
      {head.map((cells, i) => (
        <Row key={`h${i}`} cells={cells} gutter={false} />
      ))}
      {apps.slice(start, start + fit).map((a, i) => (
        <Row
          key={a.id}
          selected={start + i === index}
          cells={bulkRowCells(
            a,
            isProductionCluster(state.clusters[a.cluster]),
            {
              blocked: writeBlock(state, a),
              plan: currentPlan(state, a.id, dialog),
              operation: sinceSent(state.operations[a.id], dialog.sentAt),
              sent,
            },
            glyphs,
          )}
        />
      ))}
      <Row cells={keysLine(dialog, prod)} gutter={false} />
    </>
  );
}
