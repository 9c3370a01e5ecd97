/** What automation reports while it runs: decisions, attempts and their ends, and trouble reading an app. */
import type { AutomationAction } from './types.js';

/** One thing automation decided or did about an app; `at` is epoch ms. */
export type AutomationEvent =
  /** A new decision (repeated decisions are not reported again). */
  | { type: 'decision'; app: string; at: number; action: AutomationAction }
  | { type: 'attempt-started'; app: string; at: number; kind: AttemptKind; revision: string; reason: string }
  | {
      type: 'attempt-ended';
      app: string;
      at: number;
      kind: AttemptKind;
      revision: string;
      /** `Deferred`: not a failure (another flotilla holds the app, or acted first); looked at again later. */
      result: 'Succeeded' | 'Failed' | 'Refused' | 'Deferred';
      message: string;
      operationId?: string;
      /** When the operation itself ended (ms), which retry back-offs count from; the event comes a little later. */
      finishedAt: number;
    }
  /** The app's record could not be read (nothing is attempted until it can). */
  | { type: 'error'; app: string; at: number; message: string };

/** The two kinds of automated operation. */
export type AttemptKind = 'auto-sync' | 'self-heal';
