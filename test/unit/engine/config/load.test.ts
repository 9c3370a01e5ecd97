import { describe, expect, it } from 'vitest';
import { loadFleet, locateFleetFile } from '../../../../src/engine/config/index.js';

describe('locating the fleet file', () => {
  it('prefers --config, then FLOTILLA_CONFIG, then flotilla.yaml in the working directory', () => {
    expect(
      locateFleetFile({ configArg: 'ops/fleet.yaml', envConfig: '/etc/flotilla.yaml', cwd: '/home/op' }),
    ).toEqual({ path: '/home/op/ops/fleet.yaml', origin: 'argument' });
    expect(locateFleetFile({ envConfig: '/etc/flotilla.yaml', cwd: '/home/op' })).toEqual({
      path: '/etc/flotilla.yaml',
      origin: 'environment',
    });
    expect(locateFleetFile({ cwd: '/home/op' })).toEqual({
      path: '/home/op/flotilla.yaml',
      origin: 'default',
    });
  });

  it('treats empty values as unset', () => {
    expect(locateFleetFile({ configArg: '', envConfig: '', cwd: '/w' })).toEqual({
      path: '/w/flotilla.yaml',
      origin: 'default',
    });
  });
});

describe('loading the fleet file', () => {
  const files: Record<string, string> = {
    '/srv/ops/flotilla.yaml': 'repos:\n  - { name: local, url: ../git/platform }\n',
  };
  const readFile = async (path: string): Promise<string> => {
    const text = files[path];
    if (text !== undefined) return text;
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
      code: path.endsWith('dir') ? 'EISDIR' : 'ENOENT',
    });
  };

  it('reads the located file and resolves local paths from its folder', async () => {
    const result = await loadFleet({ cwd: '/srv/ops', readFile });
    expect(result.ok && result.value.repos[0]!.location).toEqual({
      kind: 'local',
      path: '/srv/git/platform',
    });
    expect(result.ok && result.value.file).toBe('/srv/ops/flotilla.yaml');
  });

  it('says where it looked and why when the file is missing, with what to do', async () => {
    const byDefault = await loadFleet({ cwd: '/tmp', readFile });
    expect(byDefault).toEqual({
      ok: false,
      problems: [
        {
          code: 'config.not-found',
          message:
            'There is no fleet file at /tmp/flotilla.yaml (the default: flotilla.yaml in the working directory).',
          hint: 'Create flotilla.yaml here (see docs/config.md), pass --config PATH, or set FLOTILLA_CONFIG.',
          source: { file: '/tmp/flotilla.yaml' },
        },
      ],
    });
    const byEnv = await loadFleet({ cwd: '/tmp', envConfig: '/nope.yaml', readFile });
    expect(!byEnv.ok && byEnv.problems[0]!.hint).toMatch(/FLOTILLA_CONFIG/);
    const byArg = await loadFleet({ cwd: '/tmp', configArg: 'nope.yaml', readFile });
    expect(!byArg.ok && byArg.problems[0]!.message).toMatch(/named by --config/);
  });

  it('explains a folder given instead of a file', async () => {
    const result = await loadFleet({ cwd: '/', configArg: '/srv/dir', readFile });
    expect(!result.ok && result.problems[0]!.code).toBe('config.unreadable');
    expect(!result.ok && result.problems[0]!.message).toMatch(/is a folder/);
  });

  it('passes kubeconfig contexts through to the parser', async () => {
    const result = await loadFleet({ cwd: '/srv/ops', readFile, kubeContexts: ['tb-1'] });
    expect(result.ok && result.value.clusters.map((c) => c.name)).toEqual(['tb-1']);
  });
});
