/** Why a running operation stops early, in plain words: terminated, timed out, cancelled, or its lock lost. */
import { isClusterError } from '../cluster/index.js';
import { WaitStopped } from './waiter.js';

/** Why an operation was stopped from outside; set as the stop signal's reason. */
export type StopReason =
  | { kind: 'terminated'; by: string }
  | { kind: 'timeout'; afterMs: number }
  | { kind: 'cancelled' }
  | { kind: 'lost-lock'; message: string };

/** The stop reason on an aborted signal, or undefined when it was not stopped from outside. */
export function stopReasonOf(signal: AbortSignal): StopReason | undefined {
  if (!signal.aborted) return undefined;
  const reason = signal.reason as Partial<StopReason> | undefined;
  return reason && typeof reason === 'object' && 'kind' in reason
    ? (reason as StopReason)
    : { kind: 'cancelled' };
}

/** Plain words for a stop, naming what the operation was waiting for when it has that. */
export function stopMessage(stop: StopReason, waiting: string | undefined): string {
  const during = waiting?.startsWith('waiting for ') ? ` while ${waiting}` : '';
  switch (stop.kind) {
    case 'terminated':
      return `terminated by ${stop.by}${during}`;
    case 'timeout':
      return `timed out after ${formatMs(stop.afterMs)}${during}`;
    case 'cancelled':
      return `cancelled${during}`;
    case 'lost-lock':
      return `stopped: the app's lock was lost (${stop.message})${during}`;
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The message of an error for a task's result. */
export function errorText(e: unknown): string {
  if (isClusterError(e)) return e.problem.message;
  if (e instanceof WaitStopped) return 'stopped';
  return e instanceof Error ? e.message : String(e);
}
