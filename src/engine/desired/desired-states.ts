/** The desired state of apps: resolve the app's revision in its repo, read the tree at that commit,
 * render it. Each (repo, revision) is polled once per refresh however many apps share it. */
import type { App, Fleet } from '../config/index.js';
import { pathAffected, type PollResult, type RepoSource } from '../git/index.js';
import type { Problem, Result } from '../problem.js';
import { fail, ok } from '../problem.js';
import type { RenderOutput, Renderer } from '../render/index.js';
import { renderOptionsFor } from './render-options.js';

/** What one app renders to at one commit. */
export interface DesiredState {
  app: App;
  /** The revision as asked for (the app's, or an override). */
  revision: string;
  sha: string;
  output: RenderOutput;
  /** Things worth telling that did not stop the render (rewritten history, a re-cloned cache). */
  warnings: Problem[];
  /** Why the newest commit could not be had, when an older (last good) one was rendered instead. */
  stale: Problem[];
}

/** Computes desired states for the apps of one fleet. */
export class DesiredStates {
  private polls = new Map<string, Promise<PollResult>>();
  /** The last render of each app at its own revision: reused when a new commit does not touch it. */
  private readonly last = new Map<string, { sha: string; output: RenderOutput }>();
  /** Renders actually run (not reused); for tests and a debug view. */
  rendersRun = 0;

  constructor(
    private readonly fleet: Fleet,
    private readonly repos: Map<string, RepoSource>,
    private readonly renderer: Renderer,
  ) {}

  /** Forgets this refresh's polls (of one repo, or all), so the next render asks the remote again. */
  newRefresh(repo?: string): void {
    if (repo === undefined) this.polls = new Map();
    else for (const key of [...this.polls.keys()]) if (key.startsWith(`${repo}@`)) this.polls.delete(key);
  }

  /** Finds an app by name. */
  app(name: string): App | undefined {
    return this.fleet.apps.find((a) => a.name === name);
  }

  /** The repo source of an app. */
  repoOf(app: App): RepoSource {
    const source = this.repos.get(app.repo);
    // The fleet loader checks every app's repo reference, so this only fails on a programming error.
    if (!source) throw new Error(`app ${app.name} names repo ${app.repo}, which the fleet does not have`);
    return source;
  }

  /** This refresh's poll of the app's revision: shared by every app on the same (repo, revision). */
  poll(app: App): Promise<PollResult> {
    const key = `${app.repo}@${app.revision}`;
    let poll = this.polls.get(key);
    if (!poll) {
      poll = this.repoOf(app).poll(app.revision);
      this.polls.set(key, poll);
    }
    return poll;
  }

  /** Renders `app` at its own revision (polled), or at `revisionOverride` (resolved, e.g. an older commit). */
  async render(app: App, revisionOverride?: string): Promise<Result<DesiredState>> {
    const revision = revisionOverride ?? app.revision;
    const located = await this.commitFor(app, revision, revisionOverride !== undefined);
    if (!located.ok) return located;
    const { sha, warnings, stale } = located.value;
    if (revisionOverride === undefined) {
      const reused = await this.unchangedSince(app, sha);
      if (reused) return ok({ app, revision, sha, output: reused, warnings, stale });
    }
    const tree = await this.repoOf(app).tree(sha);
    if (!tree.ok) return tree;
    const files = new Set((await tree.value.listFiles(app.path)).map((f) => f.path));
    const output = await this.renderer.render({
      tree: tree.value,
      commit: sha,
      path: app.path,
      namespace: app.destination.namespace,
      appName: app.name,
      options: renderOptionsFor(app, (p) => files.has(p)),
    });
    this.rendersRun++;
    if (!output.ok) return output;
    if (revisionOverride === undefined) this.last.set(app.name, { sha, output: output.value });
    return ok({ app, revision, sha, output: output.value, warnings, stale });
  }

  /** The previous output when the commits between it and `sha` change none of its inputs and add
   * nothing under the app path; undefined when the app must be rendered again. */
  private async unchangedSince(app: App, sha: string): Promise<RenderOutput | undefined> {
    const previous = this.last.get(app.name);
    if (!previous) return undefined;
    if (previous.sha === sha) return previous.output;
    const changed = await this.repoOf(app).changedPaths(previous.sha, sha);
    if (!changed.ok) return undefined;
    const inputs = new Set(previous.output.inputs);
    const touched = changed.value.some((p) => inputs.has(p) || pathAffected([p], app.path));
    if (touched) return undefined;
    this.last.set(app.name, { sha, output: previous.output });
    return previous.output;
  }

  private async commitFor(
    app: App,
    revision: string,
    explicit: boolean,
  ): Promise<Result<{ sha: string; warnings: Problem[]; stale: Problem[] }>> {
    const source = this.repoOf(app);
    if (explicit) {
      const resolved = await source.resolve(revision);
      if (!resolved.ok) return fail(...resolved.problems.map((p) => at(p, { field: '--revision' })));
      return ok({ sha: resolved.value.sha, warnings: resolved.value.warnings, stale: [] });
    }
    const result = await this.poll(app);
    if (result.sha === undefined) return fail(...result.errors.map((p) => at(p, app.fieldSources.revision)));
    // A failed poll keeps the last good commit: render it, and tell why it is not the newest.
    return ok({
      sha: result.sha,
      warnings: result.warnings,
      stale: result.errors.map((p) => at(p, app.fieldSources.revision)),
    });
  }
}

/** Keeps a problem's own source when it has one, else points at the fleet file's field. */
function at(p: Problem, source: Problem['source']): Problem {
  return p.source ? p : { ...p, source };
}

/** Every app of the fleet, or only those named, with a problem per unknown name. */
export function selectApps(fleet: Fleet, names: string[]): Result<App[]> {
  if (names.length === 0) return ok(fleet.apps);
  const unknown = names.filter((n) => !fleet.apps.some((a) => a.name === n));
  if (unknown.length > 0) {
    const known = fleet.apps.map((a) => a.name).join(', ') || '(none)';
    return fail(
      ...unknown.map((n) => ({
        code: 'app.unknown',
        message: `There is no app named "${n}" in ${fleet.file}.`,
        hint: `Apps: ${known}.`,
      })),
    );
  }
  return ok(fleet.apps.filter((a) => names.includes(a.name)));
}
