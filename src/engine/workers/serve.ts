/** The monitor behind a message port: what runs inside the worker thread (and in tests, in-process). */
import { defaultCacheRoot } from '../git/index.js';
import { userKubeConfig } from '../kubeconfig.js';
import { DesiredStates, openRepos } from '../desired/index.js';
import { diffText } from '../diff/index.js';
import { FleetMonitor } from '../monitor/index.js';
import { describeIdentity } from '../objects.js';
import { createRenderer } from '../render/index.js';
import { openClusters } from '../status/index.js';
import type { DiffLines, WorkerInit, WorkerMessage, WorkerRequest } from './protocol.js';

/** Starts a monitor for `init` and answers requests; `post` sends a message to the UI thread. */
export function serveMonitor(
  init: WorkerInit,
  post: (m: WorkerMessage) => void,
): (req: WorkerRequest) => void {
  const env = init.env as NodeJS.ProcessEnv;
  const repos = openRepos(init.fleet, { cacheRoot: env.FLOTILLA_CACHE_DIR ?? defaultCacheRoot(env), env });
  const desired = new DesiredStates(init.fleet, repos, createRenderer({ env }));
  const clusters = openClusters(init.fleet, { loadKubeConfig: userKubeConfig(env), readOnly: init.readOnly });
  const monitor = new FleetMonitor({ fleet: init.fleet, desired, clusters, readOnly: init.readOnly });
  monitor.on((event) => post({ type: 'monitor', event }));
  monitor.start();

  const fail = (request: WorkerRequest['type'], app: string | undefined, err: unknown) =>
    post({
      type: 'failed',
      request,
      ...(app ? { app } : {}),
      message: err instanceof Error ? err.message : String(err),
    });

  return (req) => {
    switch (req.type) {
      case 'refresh':
        void monitor.refresh(req.target ?? {}).catch((err: unknown) => fail('refresh', req.target?.app, err));
        return;
      case 'detail':
        void monitor.detailOf(req.app).then(
          (d) => post({ type: 'detail', app: req.app, ...d }),
          (err: unknown) => fail('detail', req.app, err),
        );
        return;
      case 'children':
        void monitor.childrenOf(req.app, req.key).then(
          (children) => post({ type: 'children', app: req.app, key: req.key, children }),
          (err: unknown) => fail('children', req.app, err),
        );
        return;
      case 'diff':
        post({ type: 'diff', app: req.app, resources: diffLines(monitor, req.app) });
        return;
      case 'commits':
        void monitor.commitsOf(req.app).then(
          (pending) => post({ type: 'commits', app: req.app, pending: pending ?? null }),
          (err: unknown) => fail('commits', req.app, err),
        );
        return;
      case 'stop':
        void monitor.stop().then(() => post({ type: 'stopped' }));
        return;
    }
  };
}

function diffLines(monitor: FleetMonitor, app: string): DiffLines[] {
  return monitor.diffOf(app).map((r) => {
    const id = r.identity;
    const text = diffText(r, { app });
    const lines = text
      ? text.replace(/\n$/, '').split('\n')
      : [
          `${r.status}: ${describeIdentity(id)}${r.status === 'Missing' ? ' would be created' : r.status === 'Extraneous' ? ' would be pruned' : ''}`,
        ];
    return {
      key: `${id.group}/${id.kind}/${id.namespace}/${id.name}`,
      kind: id.kind,
      ...(id.namespace ? { namespace: id.namespace } : {}),
      name: id.name,
      status: r.status,
      lines,
    };
  });
}
