import { describe, expect, it } from 'vitest';
import { renderOptionsFor } from '../../../../src/engine/desired/render-options.js';
import { BASE, fleetOf, lines, problemsOf, where } from './helpers.js';

function app(...extra: string[]): string {
  return lines(
    ...BASE,
    'apps:',
    '  - name: web',
    '    repo: platform',
    '    destination: { cluster: staging, namespace: web }',
    ...extra,
  );
}

describe('render: what an app lets its renderer reach', () => {
  it('is nothing by default: no remote fetches, no variables', () => {
    const [web] = fleetOf(app()).apps;
    expect(web?.renderAccess).toEqual({ allowRemote: false, env: [] });
    expect(renderOptionsFor(web!).access).toEqual({ allowRemote: false, env: [] });
  });

  it('takes allowRemote and a list of variable names, for apps and app-set templates', () => {
    const fleet = fleetOf(
      lines(
        ...app('    render: { allowRemote: true, env: [HELM_REGISTRY_CONFIG] }').trimEnd().split('\n'),
        'appSets:',
        '  - name: edge',
        '    clusters: { matchLabels: { env: prod } }',
        '    template:',
        '      repo: platform',
        '      destination: { namespace: edge }',
        '      render: { allowRemote: true }',
      ),
    );
    expect(fleet.apps.map((a) => [a.name, a.renderAccess])).toEqual([
      ['web', { allowRemote: true, env: ['HELM_REGISTRY_CONFIG'] }],
      ['edge-prod-eu', { allowRemote: true, env: [] }],
    ]);
    expect(renderOptionsFor(fleet.apps[0]!).access).toEqual({
      allowRemote: true,
      env: ['HELM_REGISTRY_CONFIG'],
    });
  });

  it('refuses a value where a variable name belongs, and unknown fields', () => {
    const problems = problemsOf(app('    render: { allowRemot: true, env: ["$GIT_TOKEN"] }'));
    expect(problems.map(where)).toEqual([
      expect.objectContaining({ code: 'config.unknown-field', field: 'apps[0].render.allowRemot' }),
      expect.objectContaining({ code: 'config.bad-env-name', field: 'apps[0].render.env[0]' }),
    ]);
  });
});
