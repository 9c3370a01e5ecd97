import { describe, expect, it } from 'vitest';
import { mirroredWaves, parseWave, pruneLastWave, waveOf } from '../../../../src/engine/sync/index.js';
import { obj } from './support.js';

const id = { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'web', name: 'a' };

describe('parseWave', () => {
  it.each([
    ['0', 0],
    ['5', 5],
    ['-3', -3],
    ['+2', 2],
    [' 7 ', 7],
    ['1.5', undefined],
    ['one', undefined],
    ['', undefined],
    ['1e3', undefined],
    ['99999999999999999999', undefined],
  ])('%j → %j', (text, wave) => {
    expect(parseWave(text)).toBe(wave);
  });
});

describe('waveOf', () => {
  it.each([
    ['no annotation', {}, 0],
    ['sync-wave', { 'argocd.argoproj.io/sync-wave': '-2' }, -2],
    ['Helm hook weight when no sync-wave', { 'helm.sh/hook-weight': '4' }, 4],
    ['sync-wave over hook weight', { 'argocd.argoproj.io/sync-wave': '1', 'helm.sh/hook-weight': '4' }, 1],
  ])('%s', (_case, annotations, wave) => {
    expect(waveOf(obj('ConfigMap', 'a', annotations), id)).toEqual({ wave, problems: [] });
  });

  it('reports a wave that is not a whole number, naming the object and the annotation, and stops the sync', () => {
    const got = waveOf(obj('ConfigMap', 'a', { 'argocd.argoproj.io/sync-wave': 'early' }), id);
    expect(got.wave).toBe(0);
    expect(got.problems).toHaveLength(1);
    expect(got.problems[0]).toMatchObject({ code: 'sync.bad-wave', effect: 'stops-sync' });
    expect(got.problems[0]!.message).toContain('ConfigMap web/a');
    expect(got.problems[0]!.message).toContain('argocd.argoproj.io/sync-wave');
    expect(got.problems[0]!.message).toContain('"early"');
  });

  it('falls back to the hook weight after a bad sync-wave, still reporting it', () => {
    const got = waveOf(
      obj('ConfigMap', 'a', { 'argocd.argoproj.io/sync-wave': 'x', 'helm.sh/hook-weight': '3' }),
      id,
    );
    expect(got.wave).toBe(3);
    expect(got.problems.map((p) => p.code)).toEqual(['sync.bad-wave']);
  });
});

describe('mirroredWaves', () => {
  it.each([
    [
      [0, 1, 2],
      [
        [0, 2],
        [1, 1],
        [2, 0],
      ],
    ],
    [
      [2, 0, 2, 5],
      [
        [0, 5],
        [2, 2],
        [5, 0],
      ],
    ],
    [
      [-1, 3],
      [
        [-1, 3],
        [3, -1],
      ],
    ],
    [[4], [[4, 4]]],
    [[], []],
  ])('%j', (waves, mapping) => {
    expect([...mirroredWaves(waves)].sort((a, b) => a[0] - b[0])).toEqual(mapping);
  });
});

describe('pruneLastWave', () => {
  it.each([
    [[], 1],
    [[0, 2], 3],
    [[-4, -2], 1],
    [[7], 8],
  ])('%j → %i', (waves, wave) => {
    expect(pruneLastWave(waves)).toBe(wave);
  });
});
