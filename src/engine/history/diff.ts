/** What one history entry changed against the one before it: the app rendered again at both revisions, compared
 * object by object, Secret values masked before any text is made. */
import { unifiedDiff } from '../diff/index.js';
import { maskSecretPair } from '../diff/mask.js';
import type { DesiredState } from '../desired/index.js';
import { identityKey, type KubeObject, type ObjectIdentity } from '../objects.js';
import { fail, ok, type Problem, type Result } from '../problem.js';
import type { RenderedObject } from '../render/index.js';
import { manifestDigest } from './entry.js';
import type { AppRecord, HistoryEntry } from './types.js';

/** How one object differs between the entry before and the entry. */
export interface ObjectChange {
  identity: ObjectIdentity;
  change: 'added' | 'removed' | 'changed';
  /** Unified diff from the earlier entry's manifest to this entry's (Secret values masked). */
  diff: string;
}

/** What `flotilla history APP --diff ID` shows. */
export interface HistoryDiff {
  app: string;
  entry: HistoryEntry;
  /** The next older entry kept; undefined for the oldest (everything counts as added). */
  previous?: HistoryEntry;
  /** Objects that differ, sorted by group, kind, namespace, name; unchanged ones are left out. */
  changes: ObjectChange[];
  /** Things worth telling: a re-render that no longer matches the recorded digest. */
  warnings: Problem[];
}

/** Renders the app at a commit. */
export type RenderAt = (sha: string) => Promise<Result<DesiredState>>;

/** The diff of entry `id` of `record` against the entry before it. */
export async function historyDiff(
  app: string,
  record: AppRecord,
  id: number,
  render: RenderAt,
): Promise<Result<HistoryDiff>> {
  const entry = record.history.find((e) => e.id === id);
  if (!entry) return fail(unknownEntry(app, id, record));
  const previous = record.history.filter((e) => e.id < id).sort((a, b) => b.id - a.id)[0];
  const after = await renderEntry(app, entry, render);
  if (!after.ok) return after;
  const before = previous ? await renderEntry(app, previous, render) : ok(undefined);
  if (!before.ok) return before;
  const warnings = [after.value, before.value].flatMap((r) => (r ? digestWarning(app, r) : []));
  return ok({
    app,
    entry,
    ...(previous ? { previous } : {}),
    changes: compareRenders(before.value?.objects ?? [], after.value.objects, {
      before: previous ? `#${previous.id}` : 'nothing',
      after: `#${entry.id}`,
    }),
    warnings,
  });
}

/** The changed, added and removed objects between two renders, each with its masked unified diff. */
export function compareRenders(
  before: readonly Pick<RenderedObject, 'identity' | 'object' | 'hash'>[],
  after: readonly Pick<RenderedObject, 'identity' | 'object' | 'hash'>[],
  names: { before: string; after: string },
): ObjectChange[] {
  const old = new Map(before.map((o) => [identityKey(o.identity), o]));
  const now = new Map(after.map((o) => [identityKey(o.identity), o]));
  const keys = [...new Set([...old.keys(), ...now.keys()])].sort();
  const changes: ObjectChange[] = [];
  for (const key of keys) {
    const a = old.get(key);
    const b = now.get(key);
    if (a && b && a.hash === b.hash) continue;
    const identity = (b ?? a)!.identity;
    changes.push({
      identity,
      change: !a ? 'added' : !b ? 'removed' : 'changed',
      diff: maskedDiff(identity, a?.object, b?.object, names),
    });
  }
  return changes;
}

function maskedDiff(
  identity: ObjectIdentity,
  before: KubeObject | undefined,
  after: KubeObject | undefined,
  names: { before: string; after: string },
): string {
  // Both sides together, so an unchanged value keeps its token and a changed one gets a new one.
  const [old, now] = maskSecretPair(before, after);
  return unifiedDiff(identity, old, now, { names: { live: names.before, target: names.after } });
}

interface EntryRender {
  entry: HistoryEntry;
  objects: RenderedObject[];
}

async function renderEntry(app: string, entry: HistoryEntry, render: RenderAt): Promise<Result<EntryRender>> {
  const rendered = await render(entry.revision);
  if (rendered.ok) return ok({ entry, objects: rendered.value.output.objects });
  return fail(...rendered.problems.map((p) => renderProblem(app, entry, p)));
}

function renderProblem(app: string, entry: HistoryEntry, p: Problem): Problem {
  const commit = entry.revision.slice(0, 7);
  if (p.code === 'git.revision-not-found')
    return {
      code: 'history.commit-gone',
      message: `Commit ${commit} of entry #${entry.id} of app ${app} no longer exists in its repository (history rewritten or the branch deleted): its manifests cannot be shown.`,
      hint: 'The entry itself is still recorded (`flotilla history`); only the diff needs the commit.',
    };
  return {
    ...p,
    message: `Entry #${entry.id} of app ${app} (commit ${commit}) could not be rendered again: ${p.message}`,
  };
}

function digestWarning(app: string, r: EntryRender): Problem[] {
  if (manifestDigest(r.objects) === r.entry.manifestDigest) return [];
  return [
    {
      code: 'history.digest-changed',
      message: `Entry #${r.entry.id} of app ${app} renders differently today than when it was synced (the manifest digest differs): something besides the commit feeds the render, such as a Helm chart from a registry or a changed render setting.`,
      hint: 'The diff shows the manifests as they render now, not necessarily as they were applied.',
    },
  ];
}

function unknownEntry(app: string, id: number, record: AppRecord): Problem {
  const kept = record.history.map((e) => `#${e.id}`).join(', ');
  return {
    code: 'history.unknown-entry',
    message: `App ${app} has no history entry #${id}${kept ? ` (kept: ${kept})` : ' (its history is empty)'}.`,
    hint: 'See `flotilla history APP` for the entries kept; older ones are trimmed (settings.historyLimit).',
  };
}
