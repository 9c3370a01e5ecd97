/** Which history entry a rollback restores: pure choices over the app's history, refusals in plain words. */
import { shortSha } from '../git/revision.js';
import { fail, ok, type Problem, type Result } from '../problem.js';
import type { HistoryEntry } from './types.js';

/** What a rollback restores, and what the app runs now. */
export interface RollbackChoice {
  /** The entry whose revision is restored. */
  target: HistoryEntry;
  /** The newest successful full sync: what the app runs now (the target itself when it is redeployed). */
  current: HistoryEntry;
}

/** Where the history was read, for the messages. */
export interface HistoryPlace {
  app: string;
  cluster: string;
}

/** Whether an entry can be restored: it succeeded and synced every resource, so its revision is whole. */
export const restorable = (e: HistoryEntry): boolean => e.result === 'Succeeded' && !e.partial;

/** `#3 (abc1234)`: an entry as messages name it. */
export const entryLabel = (e: Pick<HistoryEntry, 'id' | 'revision'>): string =>
  `#${e.id} (${shortSha(e.revision)})`;

/**
 * The entry a rollback restores. With `id`, that entry, which must exist, have succeeded and not be partial.
 * Without, the newest restorable entry is what runs now, and the target is the next older restorable entry at
 * another revision: rolling back never "restores" the commit that is already live.
 */
export function chooseRollbackTarget(
  history: readonly HistoryEntry[],
  place: HistoryPlace,
  id?: number,
): Result<RollbackChoice> {
  const newestFirst = [...history].sort((a, b) => b.id - a.id);
  const usable = newestFirst.filter(restorable);
  const current = usable[0];
  if (newestFirst.length === 0) return fail(noHistory(place));
  if (id !== undefined) {
    const asked = newestFirst.find((e) => e.id === id);
    if (!asked) return fail(withUsable(notFound(place, id), usable, place));
    const refusal = unusable(place, asked);
    if (refusal) return fail(withUsable(refusal, usable, place));
    // A restorable entry exists (the one asked for), so there is a current one.
    return ok({ target: asked, current: current ?? asked });
  }
  if (!current) return fail(withUsable(nothingSucceeded(place), usable, place));
  const target = usable.find((e) => e.id < current.id && e.revision !== current.revision);
  if (!target) return fail(withUsable(nothingOlder(place, current), usable, place));
  return ok({ target, current });
}

function noHistory(place: HistoryPlace): Problem {
  return {
    code: 'rollback.no-history',
    message: `App ${place.app} has no sync history on cluster ${place.cluster}: there is nothing to roll back to.`,
    hint: 'A rollback restores the revision of an earlier successful sync; sync the app first.',
  };
}

function notFound(place: HistoryPlace, id: number): Problem {
  return {
    code: 'rollback.no-such-entry',
    message: `App ${place.app} has no history entry #${id} (entries are numbered per app; older ones are trimmed).`,
  };
}

/** Why an existing entry cannot be restored, or undefined when it can. */
function unusable(place: HistoryPlace, e: HistoryEntry): Problem | undefined {
  if (e.result !== 'Succeeded')
    return {
      code: 'rollback.entry-failed',
      message: `Entry ${entryLabel(e)} of app ${place.app} failed: a rollback restores only a sync that succeeded.`,
    };
  if (e.partial)
    return {
      code: 'rollback.entry-partial',
      message: `Entry ${entryLabel(e)} of app ${place.app} synced only some resources: a rollback restores only a full sync.`,
    };
  return undefined;
}

function nothingSucceeded(place: HistoryPlace): Problem {
  return {
    code: 'rollback.no-success',
    message: `App ${place.app} has no successful full sync in its history: there is nothing to roll back to.`,
  };
}

function nothingOlder(place: HistoryPlace, current: HistoryEntry): Problem {
  return {
    code: 'rollback.nothing-older',
    message: `App ${place.app} has no earlier successful full sync at a revision other than the current ${entryLabel(current)}: there is nothing to roll back to.`,
  };
}

/** The refusal with a hint naming the entries that can be restored. */
function withUsable(p: Problem, usable: readonly HistoryEntry[], place: HistoryPlace): Problem {
  const ids = usable.map(entryLabel);
  const hint =
    ids.length > 0
      ? `Entries that can be restored: ${ids.join(', ')} (\`flotilla rollback ${place.app} ID\`; \`flotilla history ${place.app}\` lists them).`
      : `No entry of app ${place.app} can be restored (\`flotilla history ${place.app}\` lists them).`;
  return { ...p, hint };
}
