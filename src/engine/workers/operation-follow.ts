/** Follows an app's operation as kept on its cluster, whoever runs it: a second flotilla sees the first one's
 * running operation. Polls the record (reads only) while the UI wants it; posts only what changed. */
import type { OperationState } from '../sync/index.js';
import type { OperationStream } from './operation-stream.js';
import { operationWire, type OperationWire } from './wire.js';

/** What following needs. */
export interface FollowPorts {
  /** The app's operation as its cluster keeps it (undefined: none ever ran). */
  read: (app: string) => Promise<OperationState | undefined>;
  stream: Pick<OperationStream, 'isRunning' | 'isMine'>;
  post: (op: OperationWire) => void;
  /** Called when a followed operation is seen to end (another operator's too), to re-compare its app. */
  onEnded: (op: OperationWire) => void;
  /** Time between two reads, ms (default 1000). */
  intervalMs?: number;
}

interface Followed {
  timer?: ReturnType<typeof setTimeout>;
  /** The last operation posted, as JSON, to post only changes. */
  last?: string;
  lastPhase?: OperationWire['phase'];
}

/** The apps whose operation the UI follows. */
export class OperationFollower {
  private readonly followed = new Map<string, Followed>();

  constructor(private readonly ports: FollowPorts) {}

  /** Starts following (or reads again now, when already following). */
  follow(app: string): void {
    const f = this.followed.get(app) ?? {};
    if (f.timer !== undefined) clearTimeout(f.timer);
    f.timer = undefined;
    this.followed.set(app, f);
    void this.poll(app, f);
  }

  /** Stops following the app. */
  unfollow(app: string): void {
    const f = this.followed.get(app);
    if (f?.timer !== undefined) clearTimeout(f.timer);
    this.followed.delete(app);
  }

  /** Stops following everything. */
  stop(): void {
    for (const app of [...this.followed.keys()]) this.unfollow(app);
  }

  private async poll(app: string, f: Followed): Promise<void> {
    // While an operation started here runs, its own stream is fresher than the record.
    if (!this.ports.stream.isRunning(app)) {
      const state = await this.ports.read(app).catch(() => undefined);
      if (this.followed.get(app) !== f) return;
      if (state) this.seen(f, operationWire(state, this.ports.stream.isMine(state.id)));
    }
    if (this.followed.get(app) !== f || f.timer !== undefined) return;
    f.timer = setTimeout(() => {
      f.timer = undefined;
      void this.poll(app, f);
    }, this.ports.intervalMs ?? 1000);
  }

  private seen(f: Followed, op: OperationWire): void {
    const json = JSON.stringify(op);
    if (json === f.last) return;
    const ended = f.lastPhase === 'Running' && op.phase !== 'Running';
    f.last = json;
    f.lastPhase = op.phase;
    this.ports.post(op);
    // Another operator's operation ended: re-compare now rather than at the next poll interval.
    if (ended && !op.mine) this.ports.onEnded(op);
  }
}
