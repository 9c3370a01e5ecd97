/** The questions asked before a rollback and before pausing or resuming auto-sync: pure, built from the view. */
import { isProductionCluster } from '../../state/selectors/fleet.js';
import type {
  AppView,
  ClusterView,
  ConfirmDialogState,
  HistoryEntryView,
  TextDialogState,
} from '../../state/types.js';
import { formatAge, shortSha } from '../format.js';

/** What a rollback question is built from. */
export interface RollbackFacts {
  app: AppView;
  cluster?: ClusterView;
  /** The app's history, newest first. */
  entries: readonly HistoryEntryView[];
  target: HistoryEntryView;
  now: number;
  arrow: string;
}

/** "a1b2c3d (deployed 5m ago)": the revision live now, aged by its newest successful entry or its commit. */
function currentRevision(f: RollbackFacts): string {
  const sha = f.app.revision.sha;
  if (sha === '') return 'nothing recorded';
  const entry = f.entries.find((e) => e.sha === sha && e.result === 'Succeeded');
  if (entry) return `${shortSha(sha)} (deployed ${formatAge(f.now - entry.deployedAt)} ago)`;
  const t = f.app.revision.commitTime;
  return t === undefined ? shortSha(sha) : `${shortSha(sha)} (committed ${formatAge(f.now - t)} ago)`;
}

/** The confirm before rolling back: current → target with ages, the subject, the pause of an automated app,
 * and on a production cluster the cluster's name to type. */
export function rollbackDialog(f: RollbackFacts): ConfirmDialogState {
  const { app, target } = f;
  const production = isProductionCluster(f.cluster);
  const lines = [
    `${currentRevision(f)} ${f.arrow} ${shortSha(target.sha)} (deployed ${formatAge(f.now - target.deployedAt)} ago)`,
    `Target: entry #${target.id}, "${target.subject ?? 'no commit message recorded'}"${target.author ? ` by ${target.author}` : ''}`,
    `Re-applies entry #${target.id}'s recorded manifests; no hooks, no prune.`,
  ];
  if (app.autoSync.enabled && !app.autoSync.pausedReason)
    lines.push('Auto-sync is on: it will be PAUSED, so it cannot undo this (A resumes).');
  if (production) lines.push(`${app.cluster} is a production cluster.`);
  return {
    kind: 'confirm',
    title: `Roll back ${app.name} on ${app.cluster}?`,
    lines,
    ...(production ? { typeToConfirm: app.cluster } : {}),
    typed: '',
    danger: production,
    action: { type: 'rollback', appId: app.id, id: target.id, prune: false },
  };
}

/** The question before pausing auto-sync: a reason, which everyone then sees with who paused it. */
export function pauseDialog(app: AppView): TextDialogState {
  return {
    kind: 'text',
    title: `Pause auto-sync of ${app.name} on ${app.cluster}`,
    lines: [
      'Auto-sync and self-heal stop for this app until someone resumes them (A again).',
      'Every flotilla shows the pause, with your name and this reason.',
    ],
    label: 'Reason',
    text: '',
    action: { type: 'pause', appId: app.id },
  };
}

/** The confirm before resuming auto-sync. */
export function resumeDialog(app: AppView, pausedBy: string): ConfirmDialogState {
  return {
    kind: 'confirm',
    title: `Resume auto-sync of ${app.name} on ${app.cluster}?`,
    lines: [
      pausedBy,
      `Auto-sync then deploys the tip of ${app.revision.ref || 'its ref'} again if it differs from what is live,`,
      'undoing a rollback.',
    ],
    typed: '',
    danger: false,
    action: { type: 'resume', appId: app.id },
  };
}
