/** The check an automated operation makes once it holds the app's lock: a plan made stale by another
 * operation, a plan with nothing to do, or a pause set meanwhile gives the lock back untouched. That is
 * what keeps two flotillas from applying one change twice. */
import type { AppRecord } from '../history/types.js';
import type { Problem } from '../problem.js';
import type { GuardContext } from '../sync/operate.js';

/** Problem codes of a guard's refusal: none of them is a failed attempt. */
export const DEFERRAL_CODES = new Set([
  'automation.stale',
  'automation.nothing-to-do',
  'automation.paused',
  // The lock is held by another operation (another flotilla, or a person): look again later.
  'sync.locked',
]);

/** What the guard knows: when the decision's facts were read, and how to read the pause again. */
export interface GuardFacts {
  app: string;
  /** Clock time (ms) just before the app's record was read for the decision. */
  decidedAt: number;
  /** Operations this process ran itself (their ends are known to the decision). */
  ownOperations: ReadonlySet<string>;
  readRecord: () => Promise<AppRecord>;
}

/** The guard for one automated attempt. */
export function automationGuard(facts: GuardFacts): (ctx: GuardContext) => Promise<Problem[]> {
  return async ({ plan, plannedAt, previous }) => {
    const finished = previous?.finishedAt ? Date.parse(previous.finishedAt) : undefined;
    if (
      previous &&
      finished !== undefined &&
      finished > Math.min(plannedAt, facts.decidedAt) &&
      !facts.ownOperations.has(previous.id)
    )
      return [
        {
          code: 'automation.stale',
          message: `Another operation on ${facts.app} (${previous.kind ?? 'sync'} by ${previous.initiator.user}@${previous.initiator.host}) ended after this attempt was planned; nothing was sent.`,
          hint: 'Automation looks at the app again with the new state.',
        },
      ];
    const { create, update, prune } = plan.counts;
    if (create + update + prune === 0)
      return [
        {
          code: 'automation.nothing-to-do',
          message: `Nothing of ${facts.app} differs from Git any more; nothing was sent.`,
        },
      ];
    const record = await facts.readRecord();
    if (record.pause)
      return [
        {
          code: 'automation.paused',
          message: `Auto-sync of ${facts.app} was paused by ${record.pause.by} meanwhile; nothing was sent.`,
        },
      ];
    return [];
  };
}
