/** What the repository source needs from where the commits come from: a server, or a local folder. */
import type { Problem } from '../problem.js';

/** A ref as the source currently has it. */
export interface RefTip {
  /** Full ref name: `HEAD`, `refs/heads/main`, `refs/tags/v1`. */
  ref: string;
  /** The commit it points at (annotated tags peeled). */
  sha: string;
}

/** The operations that differ between a remote repository and a local one. */
export interface Backend {
  /** Whether history can be fetched beyond what the store holds. */
  readonly remote: boolean;
  /** Gets the store ready (for a remote: checks the cache, creates or re-creates it); returns warnings. */
  open(): Promise<Problem[]>;
  /** After an unexpected failure: re-creates a damaged cache and returns the warning, or undefined. */
  recover(): Promise<Problem | undefined>;
  /** Where `ref` points on the source now, or undefined when it does not exist. One refs request for a remote. */
  lookupRef(ref: string): Promise<RefTip | undefined>;
  /** Every branch and tag on the source now (tags peeled to their commits). One refs request for a remote. */
  listRefs(): Promise<RefTip[]>;
  /** Brings the current tip of `ref` into the store; returns its commit. */
  fetchTip(ref: string): Promise<string>;
  /** Asks for one commit by its id; true when it is in the store afterwards. */
  fetchCommit(sha: string): Promise<boolean>;
  /** Fetches history so that `depth` commits below `from` (a SHA or `HEAD`) are present; false when it cannot. */
  deepen(from: string, depth: number): Promise<boolean>;
}
