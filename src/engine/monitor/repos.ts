/** What is known about each repo's polls: its tips, when it last answered, and why it does not. A
 * repo that cannot be reached keeps its last good commits, so this is what says they may be stale. */
import type { Fleet } from '../config/index.js';
import { repoUrl } from '../desired/index.js';
import type { PollResult } from '../git/index.js';
import { redactUrlCredentials } from '../redact.js';
import type { Problem } from '../problem.js';

/** One repo, as the repo line and the Repo pane need it. */
export interface RepoSummary {
  name: string;
  /** The URL (or local path) polled, credentials removed. */
  url: string;
  /** The commit in use per revision followed (the last good one while polls fail). */
  tips: Record<string, string>;
  /** Epoch ms of the last poll that succeeded; absent until one has. */
  lastPolled?: number;
  /** Why the last poll failed; absent once a poll succeeds again. */
  lastError?: Problem;
  /** Polls that failed in a row (0 after a success). */
  failures: number;
}

/** One revision's poll in a refresh: its result, or what went wrong asking for it. */
export type RevisionPoll = { revision: string; result: PollResult } | { revision: string; error: Problem };

/** Keeps each repo's summary up to date as polls come in. */
export class RepoPolls {
  private readonly summaries = new Map<string, RepoSummary>();

  constructor(fleet: Fleet) {
    for (const repo of fleet.repos)
      this.summaries.set(repo.name, {
        name: repo.name,
        url: redactUrlCredentials(repoUrl(repo)),
        tips: {},
        failures: 0,
      });
  }

  /** Every repo as known before any poll. */
  all(): RepoSummary[] {
    return [...this.summaries.values()];
  }

  /** Records one refresh's polls of `repo` at time `now`: a success only when every revision
   * answered; returns the new summary. */
  record(repo: string, polls: readonly RevisionPoll[], now: number): RepoSummary | undefined {
    const previous = this.summaries.get(repo);
    if (!previous) return undefined;
    const tips = { ...previous.tips };
    let error: Problem | undefined;
    for (const poll of polls) {
      if ('error' in poll) error ??= poll.error;
      else {
        if (poll.result.sha) tips[poll.revision] = poll.result.sha;
        error ??= poll.result.errors[0];
      }
    }
    const { lastError: _lastError, ...rest } = previous;
    const next: RepoSummary = error
      ? { ...rest, tips, lastError: error, failures: previous.failures + 1 }
      : { ...rest, tips, lastPolled: now, failures: 0 };
    this.summaries.set(repo, next);
    return next;
  }
}
