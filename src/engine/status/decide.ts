/** The one place that decides an app's state: its render failed, its cluster is unreachable, or it is
 * compared, with the diff mode the cluster's identity allows. The CLI and the monitor both ask here. */
import type { ClusterClient } from '../cluster/index.js';
import type { App } from '../config/index.js';
import type { DesiredState } from '../desired/index.js';
import { createDiffer, type Differ } from '../diff/index.js';
import type { KubeObject } from '../objects.js';
import type { Result } from '../problem.js';
import { computeAppStatus, unknownStatus, unreachableProblem, type AppStatus } from './app-status.js';
import { liveAccess } from './live-access.js';

/** What deciding an app's status needs from its cluster. */
export type StatusCluster = Pick<
  ClusterClient,
  'status' | 'list' | 'get' | 'applyServerSide' | 'checkWriteAccess'
>;

/** Live objects already known (from watches) for a desired state, or undefined to list them. */
type WatchedObjects = (desired: DesiredState) => KubeObject[] | undefined;

/** Compares apps with one cluster and remembers which diff mode its identity allows. */
export class ClusterComparison {
  private chosen: Differ | undefined;

  /** `readOnly`: global or per-cluster read-only mode, where not even a dry run is sent. */
  constructor(
    readonly cluster: StatusCluster,
    private readonly readOnly: boolean,
  ) {}

  /** The status of `app` given its render: Unknown with the render's problems, Unknown because the
   * cluster cannot be reached, or the comparison of desired and live state. */
  async statusOf(app: App, desired: Result<DesiredState>, watched?: WatchedObjects): Promise<AppStatus> {
    const base = { app, revision: app.revision, cluster: this.cluster.status };
    if (!desired.ok) return { ...unknownStatus(base, desired.problems[0]!), problems: desired.problems };
    if (this.cluster.status.reachability === 'unreachable')
      return unknownStatus({ ...base, sha: desired.value.sha }, unreachableProblem(this.cluster));
    const differ = await this.differ();
    return computeAppStatus(desired.value, this.cluster, differ, watched?.(desired.value));
  }

  /** Server-side dry runs when the identity may write and nothing makes the cluster read-only;
   * otherwise client-side, so that not even a dry-run PATCH is sent. The mode is read on every
   * comparison, so a change of write access (a new role binding, a revoked one) takes effect. */
  private async differ(): Promise<Differ> {
    const { cluster } = this;
    if (
      !this.readOnly &&
      cluster.status.canWrite === undefined &&
      cluster.status.reachability === 'reachable'
    )
      await cluster.checkWriteAccess().catch(() => false);
    this.chosen ??= createDiffer({
      access: liveAccess(cluster),
      mode: () => (this.readOnly || cluster.status.canWrite !== true ? 'client-side' : 'auto'),
    });
    return this.chosen;
  }
}
