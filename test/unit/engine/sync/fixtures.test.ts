// Runs every scenario under test/fixtures/sync-plan/<scenario>/scenario.yaml: desired and live objects, the app's
// sync options and the sync's options go in; the plan must list exactly the expected tasks, in order, with the
// expected confirmations and problems (absent lists mean none).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../../../src/engine/objects.js';
import type { SyncPlanOptions } from '../../../../src/engine/sync/index.js';
import { planSync } from '../../../../src/engine/sync/index.js';
import { appWith, describePlan, inputFor } from './support.js';

const root = fileURLToPath(new URL('../../../fixtures/sync-plan/', import.meta.url));

interface Scenario {
  description: string;
  app?: { syncOptions?: string[]; allowEmpty?: boolean };
  options?: Partial<SyncPlanOptions>;
  desired: KubeObject[];
  live?: KubeObject[];
  expected: { tasks: string[]; problems?: string[]; needsConfirmation?: string[]; partial?: boolean };
}

const scenarios = readdirSync(root)
  .sort()
  .map((name) => ({ name, s: parse(readFileSync(join(root, name, 'scenario.yaml'), 'utf8')) as Scenario }));

describe('sync plan scenarios', () => {
  it.each(scenarios.map(({ name, s }) => [name, s] as const))('%s', (_name, s) => {
    expect(s.description, 'description').toBeTruthy();
    const app = appWith(
      s.app?.syncOptions ?? [],
      s.app?.allowEmpty !== undefined ? { allowEmpty: s.app.allowEmpty } : undefined,
    );
    const plan = planSync(
      inputFor({ desired: s.desired, live: s.live ?? [], app, options: s.options ?? {} }),
    );
    expect(describePlan(plan)).toEqual(s.expected.tasks);
    expect(plan.problems.map((p) => `${p.code} ${p.effect}`)).toEqual(s.expected.problems ?? []);
    expect(plan.needsConfirmation.map((c) => c.token)).toEqual(s.expected.needsConfirmation ?? []);
    expect(plan.partial).toBe(s.expected.partial ?? false);
  });

  it('covers the acceptance scenarios about ordering, hooks and prune', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(15);
  });
});
