/** An automation decision in the words and fields a screen shows. */
import type { AutomationAction, AutomationStatus } from './types.js';

/** The status for `action`; `act` false: this flotilla only observes. */
export function statusOf(action: AutomationAction, act: boolean): AutomationStatus {
  if (action.action === 'none' && action.pause) {
    const { by, host, at, reason, source } = action.pause;
    return { state: 'paused', message: action.reason, pause: { by, host, at, reason, source } };
  }
  const error = 'error' in action && action.error ? { error: action.error } : {};
  if (!act)
    return {
      state: 'off',
      message: 'this flotilla does not auto-sync (--no-auto-sync or read-only)',
      ...error,
    };
  switch (action.action) {
    case 'none':
      return { state: action.error ? 'failed' : 'idle', message: action.reason, ...error };
    case 'wait':
      return { state: 'waiting', message: action.reason, nextAttemptAt: action.until, ...error };
    case 'auto-sync':
      return { state: 'syncing', message: action.reason };
    case 'self-heal':
      return { state: 'healing', message: action.reason };
  }
}
