/** Auto-sync and self-heal: the pure decision, the runner that acts on it, and what they report. */
export { decideAutomation, liveStateOf } from './decide.js';
export { retryDelayMs, selfHealDelayMs, SELF_HEAL_BACKOFF } from './backoff.js';
export { attemptOf, withAttempts, type OwnAttempt } from './attempts.js';
export { automationGuard, DEFERRAL_CODES } from './guard.js';
export { AutomationRunner, type AutomationPorts, type RunnerOptions } from './runner.js';
export { statusOf } from './status.js';
export type { AttemptKind, AutomationEvent } from './events.js';
export type {
  AutomationAction,
  AutomationMemory,
  AutomationStatus,
  Decision,
  DecisionInput,
  ObservedApp,
} from './types.js';
export { readAutomationRecord, type AutomationRecord } from './record.js';
