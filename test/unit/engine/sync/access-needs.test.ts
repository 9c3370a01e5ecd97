import { describe, expect, it } from 'vitest';
import { syncAccessNeeds } from '../../../../src/engine/sync/access-needs.js';
import { planSync } from '../../../../src/engine/sync/index.js';
import { PRUNE, appWith, inputFor, obj, tracked } from './support.js';

const needs = (plan: Parameters<typeof syncAccessNeeds>[0]) =>
  syncAccessNeeds(plan)
    .map((n) => `${n.verb} ${n.group}/${n.kind} ${n.namespace}`)
    .sort();

describe('syncAccessNeeds', () => {
  it('asks for apply verbs per kind and namespace, delete for prunes and hooks, list and watch cluster-wide', () => {
    const live = tracked([obj('Secret', 'old')]);
    const plan = planSync(
      inputFor({
        desired: [
          obj('ConfigMap', 'a'),
          obj('ConfigMap', 'b'),
          obj('Pod', 'hook', { 'argocd.argoproj.io/hook': 'PreSync' }),
        ],
        live,
        options: PRUNE,
      }),
    );
    expect(needs(plan)).toEqual([
      'create /ConfigMap web',
      'create /Pod web',
      'delete /Pod web',
      'delete /Secret web',
      'get /ConfigMap web',
      'get /Pod web',
      'get /Secret web',
      'list /ConfigMap ',
      'list /Pod ',
      'list /Secret ',
      'patch /ConfigMap web',
      'patch /Pod web',
      'watch /ConfigMap ',
      'watch /Pod ',
      'watch /Secret ',
    ]);
  });

  it('asks for update instead of patch where objects are replaced, and for nothing a skipped task would do', () => {
    const plan = planSync(
      inputFor({
        app: appWith(['Replace=true']),
        desired: [obj('ConfigMap', 'a'), obj('ConfigMap', 'skip', { 'argocd.argoproj.io/hook': 'Skip' })],
      }),
    );
    expect(needs(plan)).toEqual([
      'create /ConfigMap web',
      'get /ConfigMap web',
      'list /ConfigMap ',
      'update /ConfigMap web',
      'watch /ConfigMap ',
    ]);
  });
});
