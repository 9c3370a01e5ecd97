/** The engine behind a message port: what runs inside the worker thread (and in tests, in-process). */
import { diffText, type ResourceDiff } from '../diff/index.js';
import { openEngine } from '../engine.js';
import { serveActing } from './acting.js';
import type { DiffSummary, WorkerInit, WorkerMessage, WorkerRequest } from './protocol.js';

/** Opens the engine for `init`, starts its observe loop and answers requests; `post` sends a message
 * to the UI thread. */
export function serveMonitor(
  init: WorkerInit,
  post: (m: WorkerMessage) => void,
): (req: WorkerRequest) => void {
  const engine = openEngine({ fleet: init.fleet, env: init.env, readOnly: init.readOnly });
  engine.on((event) => post({ type: 'monitor', event }));
  // Even when it may not act, automation reads each automated app's pause and errors for the screen.
  if (init.autoSync !== undefined) engine.startAutomation({ act: init.autoSync && !init.readOnly });
  engine.start();
  const acting = serveActing(engine, post);

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
        void engine.refresh(req.target ?? {}).catch((err: unknown) => fail('refresh', req.target?.app, err));
        return;
      case 'detail':
        void engine.detailOf(req.app).then(
          (d) => post({ type: 'detail', app: req.app, ...d }),
          (err: unknown) => fail('detail', req.app, err),
        );
        return;
      case 'children':
        void engine.childrenOf(req.app, req.resource).then(
          (children) => post({ type: 'children', app: req.app, resource: req.resource, children }),
          (err: unknown) => fail('children', req.app, err),
        );
        return;
      case 'diff':
        post({
          type: 'diff',
          app: req.app,
          resources: engine.diffOf(req.app).map((r) => summary(r, req.app)),
        });
        return;
      case 'commits':
        void engine.commitsOf(req.app).then(
          (pending) => post({ type: 'commits', app: req.app, pending: pending ?? null }),
          (err: unknown) => fail('commits', req.app, err),
        );
        return;
      case 'stop':
        acting.stop();
        void engine.stop().then(() => post({ type: 'stopped' }));
        return;
      case 'plan':
      case 'sync':
      case 'rollback':
      case 'terminate':
      case 'autosync':
      case 'history':
      case 'historyDiff':
      case 'follow':
      case 'unfollow':
      case 'actionLog':
      case 'rollout':
        acting.handle(req);
        return;
    }
  };
}

/** A resource's comparison for the UI thread: its diff text is built here, only when asked for. */
function summary(r: ResourceDiff, app: string): DiffSummary {
  const diff = diffText(r, { app });
  return { identity: r.identity, status: r.status, ...(diff === undefined ? {} : { diff }) };
}
