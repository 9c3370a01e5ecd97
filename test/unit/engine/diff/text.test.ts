import { describe, expect, it, vi } from 'vitest';
import type * as DiffLibrary from 'diff';
import type { KubeObject, ObjectIdentity } from '../../../../src/engine/objects.js';
import { FakeCluster, load, predictFrom } from './support.js';

// Every unified diff goes through the line-diff library; spying on it shows when text is built.
const patchCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('diff', async (original) => {
  const real = await original<typeof DiffLibrary>();
  return {
    ...real,
    structuredPatch: (...args: Parameters<typeof real.structuredPatch>) => {
      patchCalls.count++;
      return real.structuredPatch(...args);
    },
    createTwoFilesPatch: (...args: Parameters<typeof real.createTwoFilesPatch>) => {
      patchCalls.count++;
      return real.createTwoFilesPatch(...args);
    },
  };
});

const { createDiffer, diffText, unifiedDiff } = await import('../../../../src/engine/diff/index.js');

/** A ConfigMap with `lines` keys, each value tagged so two versions differ on every line. */
function bigConfigMap(lines: number, tag: string): KubeObject {
  const data: Record<string, string> = {};
  for (let i = 0; i < lines; i++) data[`key-${String(i).padStart(5, '0')}`] = `${tag}-${i}`;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'shop' }, data };
}
const bigId: ObjectIdentity = { group: '', version: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'big' };

describe('diff text', () => {
  it('is not built while computing sync status, only when asked for', async () => {
    const live = load('deployment.live.yaml');
    const cluster = new FakeCluster();
    cluster.dryRun = () =>
      predictFrom(live, (o) => {
        (o.spec as { replicas: number }).replicas = 7;
      });
    patchCalls.count = 0;
    const app = await createDiffer({ access: cluster }).diffApp({
      app: 'shop',
      desired: [{ object: load('deployment.desired.yaml') }, { object: bigConfigMap(3, 'new') }],
      live: [live],
    });
    expect(app.status).toBe('OutOfSync');
    expect(app.counts).toMatchObject({ OutOfSync: 1, Missing: 1 });
    expect(patchCalls.count).toBe(0);

    const text = diffText(app.resources.find((r) => r.status === 'OutOfSync')!);
    expect(patchCalls.count).toBe(1);
    expect(text).toMatch(/^\+\s+replicas: 7$/m);
  });

  it('summarises a 10,000-line rewrite once the edit-length bound is passed', () => {
    const text = unifiedDiff(bigId, bigConfigMap(10_000, 'old'), bigConfigMap(10_000, 'new'), {
      wholeDiffCommand: 'flotilla diff --full shop',
      // No time bound: only the number of changed lines can stop this diff.
      bounds: { maxEditLength: 1_000, timeoutMs: Number.POSITIVE_INFINITY, maxBytes: 64 * 1024 * 1024 },
    });
    const lines = text.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '--- live/core/ConfigMap/shop/big',
      '+++ desired/core/ConfigMap/shop/big',
    ]);
    expect(lines[2]).toMatch(
      /^# Too large to diff here \(more than 1,000 changed lines.*\): live 10,00\d lines \(\d+\.\d kB\), desired 10,00\d lines/,
    );
    expect(lines[3]).toBe('# See it whole with: flotilla diff --full shop');
    expect(lines).toHaveLength(4);
  });

  it('diffs the same rewrite whole with --full', () => {
    // 600 lines rewritten: 1,200 changed lines, past the default bound of 1,000.
    const live = bigConfigMap(600, 'old');
    const target = bigConfigMap(600, 'new');
    const resource = {
      identity: bigId,
      status: 'OutOfSync' as const,
      mode: 'client-side' as const,
      changedPaths: ['/data'],
      live,
      target,
      problems: [],
    };
    expect(diffText(resource, { app: 'shop' })).toContain('# Too large to diff here');
    const full = diffText(resource, { app: 'shop', full: true })!;
    expect(full).not.toContain('Too large');
    expect(full.split('\n').filter((l) => l.startsWith('+  key-')).length).toBe(600);
  });

  it('summarises without diffing when the YAML exceeds the byte bound', () => {
    patchCalls.count = 0;
    const text = unifiedDiff(bigId, bigConfigMap(100, 'old'), bigConfigMap(100, 'new'), {
      bounds: { maxEditLength: 1_000_000, timeoutMs: Number.POSITIVE_INFINITY, maxBytes: 1_000 },
    });
    expect(text.split('\n').filter((l) => l.startsWith('# '))).toEqual([
      expect.stringMatching(/^# Too large to diff here \(.*1\.0 kB.*\): live 10\d lines/) as unknown,
    ]);
    expect(patchCalls.count).toBe(0);
  });
});
