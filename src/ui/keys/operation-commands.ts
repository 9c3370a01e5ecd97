/** Commands of the operation screen (watch a sync run, terminate it) and the action log (`@`). */
import type { CommandSpec } from './registry.js';

/** Watch, terminate, the action log; in help order. */
export const OPERATION_COMMANDS: readonly CommandSpec[] = [
  {
    id: 'operation.open',
    keys: ['o'],
    description: "Watch the app's running or last operation, also one another operator started",
    hint: 'operation',
    scopes: ['fleet', 'app', 'drift', 'repo'],
    category: 'Actions',
    mutates: false,
  },
  {
    id: 'operation.openApp',
    keys: ['enter'],
    description: 'Operations list: watch the operation of the app under the cursor',
    hint: 'open',
    scopes: ['operation.steps'],
    category: 'Actions',
    mutates: false,
  },
  {
    id: 'operation.terminate',
    keys: ['t'],
    description: 'Terminate the running operation (asks first)',
    hint: 'terminate',
    scopes: ['operation'],
    category: 'Actions',
    mutates: true,
  },
  {
    id: 'actions.open',
    keys: ['@'],
    description: 'Action log: every request that changed a cluster, newest first (again: reload)',
    scopes: ['global'],
    category: 'Actions',
    mutates: false,
  },
];
