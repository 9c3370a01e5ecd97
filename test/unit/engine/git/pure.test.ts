import { describe, expect, it } from 'vitest';
import { defaultCacheRoot, repoCacheDir } from '../../../../src/engine/git/cache-dir.js';
import {
  basicAuthHeader,
  readCredentials,
  splitUrlCredentials,
} from '../../../../src/engine/git/credentials.js';
import { pathAffected } from '../../../../src/engine/git/paths.js';

describe('pathAffected', () => {
  const changed = ['apps/guestbook/deploy.yaml', 'apps/web/overlays/prod/kustomization.yaml', 'README.md'];

  it('is true for a change at or below the app path', () => {
    expect(pathAffected(changed, 'apps/guestbook')).toBe(true);
    expect(pathAffected(changed, './apps/web/overlays/prod/')).toBe(true);
    expect(pathAffected(changed, 'README.md')).toBe(true);
  });

  it('does not match a sibling that merely shares a prefix', () => {
    expect(pathAffected(changed, 'apps/guest')).toBe(false);
    expect(pathAffected(changed, 'apps/web/overlays/staging')).toBe(false);
  });

  it('treats the repository root as affected by any change, and nothing by no change', () => {
    expect(pathAffected(changed, '')).toBe(true);
    expect(pathAffected(changed, '.')).toBe(true);
    expect(pathAffected([], '')).toBe(false);
  });

  it('accepts several paths for an app that reads outside its folder', () => {
    expect(pathAffected(['apps/web/base/deploy.yaml'], ['apps/web/overlays/prod', 'apps/web/base'])).toBe(
      true,
    );
  });
});

describe('credentials', () => {
  const spec = {
    name: 'platform',
    url: 'https://git.example.com/x.git',
    auth: { usernameEnv: 'GIT_USER', tokenEnv: 'GIT_TOKEN' },
  };

  it('reads the variables the config names', () => {
    const result = readCredentials(spec, { GIT_USER: 'bob', GIT_TOKEN: 't0ken' });
    expect(result).toEqual({ ok: true, value: { username: 'bob', token: 't0ken' } });
    expect(basicAuthHeader({ username: 'bob', token: 't0ken' })).toBe(
      `Basic ${Buffer.from('bob:t0ken').toString('base64')}`,
    );
  });

  it('names a missing variable, never a value', () => {
    const result = readCredentials(spec, { GIT_USER: 'bob' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.code).toBe('git.credentials-missing');
    expect(result.problems[0]?.message).toContain('GIT_TOKEN');
  });

  it('takes userinfo out of a URL', () => {
    expect(splitUrlCredentials('https://bob:t0ken@git.example.com/x.git')).toEqual({
      url: 'https://git.example.com/x.git',
      credentials: { username: 'bob', token: 't0ken' },
    });
    expect(splitUrlCredentials('/srv/git/x')).toEqual({ url: '/srv/git/x' });
  });
});

describe('cache folders', () => {
  it('lives under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheRoot({ XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe('/c/flotilla/repos');
    expect(defaultCacheRoot({ HOME: '/h' })).toBe('/h/.cache/flotilla/repos');
  });

  it('is named after the repo and a hash of its URL, so a new URL gets a new cache', () => {
    const a = repoCacheDir('/c', 'plat form', 'https://a.example.com/x.git');
    expect(a).toMatch(/^\/c\/plat_form-[0-9a-f]{12}$/);
    expect(repoCacheDir('/c', 'plat form', 'https://b.example.com/x.git')).not.toBe(a);
  });
});
