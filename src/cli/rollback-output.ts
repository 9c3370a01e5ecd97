/** What `flotilla rollback` and `flotilla autosync` print besides a sync's own output: what is restored, the
 * pause, and the JSON document. Git's and the cluster's text is made terminal-safe here. */
import type { AutoSyncPause } from '../engine/history/index.js';
import { oneLine, terminalSafe } from '../engine/safe-text.js';
import type { RollbackTarget, SyncOutcome, SyncPlan } from '../engine/sync/index.js';
import { syncJson, type SyncJson } from './sync-output.js';

const safe = (text: string): string => terminalSafe(oneLine(text));
const short = (sha: string): string => safe(sha.slice(0, 7));

/** How long ago, roughly: `45s`, `12m`, `5h`, `3d`. */
export function formatAgo(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h ago` : `${Math.floor(h / 24)}d ago`;
}

/** `Rolling back web on prod: current abc1234 (#5) → 0a1b2c3 (#3, 2h ago, Fix the banner)`, and the pause to come. */
export function formatRollbackTarget(t: RollbackTarget, now: number, automated: boolean): string[] {
  const ago = Number.isFinite(Date.parse(t.target.finishedAt))
    ? formatAgo(now - Date.parse(t.target.finishedAt))
    : undefined;
  const about = [`#${t.target.id}`, ago, t.commit ? safe(t.commit.subject) : undefined].filter(Boolean);
  const lines = [
    `Rolling back ${safe(t.app)} on ${safe(t.cluster)}: current ${short(t.current.revision)} (#${t.current.id}) → ${short(t.target.revision)} (${about.join(', ')})`,
  ];
  if (t.pausesAutoSync)
    lines.push(`Auto-sync will be paused (resume with \`flotilla autosync ${safe(t.app)} resume\`)`);
  else if (automated) lines.push('A rollback pauses auto-sync; this dry run does not.');
  return lines;
}

/** The reminder after a rollback that paused auto-sync: the pause outlives it, whatever its result. */
export function formatPausedAfter(app: string): string {
  return `Auto-sync of ${safe(app)} stays paused until \`flotilla autosync ${safe(app)} resume\`.`;
}

/** A lifted pause in one line: why, who, where and when, and the revision it pinned. */
export function describePause(p: AutoSyncPause): string {
  const pinned = p.revision ? `, pinned at ${short(p.revision)}` : '';
  return `${safe(p.reason)} (by ${safe(p.by)}@${safe(p.host)} at ${safe(p.at)}${pinned})`;
}

/** The `-o json` document of a rollback: the sync's document and what was restored (null when refused before). */
export interface RollbackJson extends SyncJson {
  rollback: {
    target: { id: number; revision: string; subject: string | null };
    current: { id: number; revision: string };
    foundOn: string;
    pausesAutoSync: boolean;
  } | null;
}

/** The rollback's JSON document. */
export function rollbackJson(
  app: string,
  target: RollbackTarget | undefined,
  plan: SyncPlan | undefined,
  outcome: SyncOutcome,
): RollbackJson {
  return {
    ...syncJson(app, plan, outcome),
    rollback: target
      ? {
          target: {
            id: target.target.id,
            revision: target.target.revision,
            subject: target.commit?.subject ?? null,
          },
          current: { id: target.current.id, revision: target.current.revision },
          foundOn: target.foundOn,
          pausesAutoSync: target.pausesAutoSync,
        }
      : null,
  };
}
