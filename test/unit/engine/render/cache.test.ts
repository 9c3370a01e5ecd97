import { describe, expect, it } from 'vitest';
import { createLruCache } from '../../../../src/engine/render/cache.js';
import { canonicalJson } from '../../../../src/engine/render/hash.js';
import { normaliseRepoPath, resolveInRepo } from '../../../../src/engine/render/paths.js';

describe('createLruCache', () => {
  it('evicts the least recently used entries when the weight bound is passed', () => {
    const cache = createLruCache<string>(10, 100);
    cache.set('a', 'A', 40);
    cache.set('b', 'B', 40);
    cache.get('a');
    cache.set('c', 'C', 40);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
    expect(cache.weight).toBe(80);
  });

  it('does not store an entry heavier than the whole cache', () => {
    const cache = createLruCache<string>(10, 100);
    cache.set('a', 'A', 10);
    cache.set('huge', 'H', 101);
    expect([cache.size, cache.get('a')]).toEqual([1, 'A']);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order and drops undefined', () => {
    expect(canonicalJson({ b: [{ z: 1, a: 2 }, 'x'], a: null, c: undefined, é: true })).toBe(
      '{"a":null,"b":[{"a":2,"z":1},"x"],"é":true}',
    );
  });
});

describe('repository paths', () => {
  it('normalises app paths and refuses those that climb out', () => {
    expect(['.', './', '', '/apps/web/', './apps//web/.', 'apps\\web'].map(normaliseRepoPath)).toEqual([
      '',
      '',
      '',
      'apps/web',
      'apps/web',
      'apps/web',
    ]);
    expect(normaliseRepoPath('../x')).toBeNull();
    expect(resolveInRepo('a/b', '../../c')).toBe('c');
    expect(resolveInRepo('a/b', '../../../c')).toBeNull();
  });
});
