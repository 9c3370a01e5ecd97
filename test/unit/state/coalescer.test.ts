import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFlotillaStore, createPatchCoalescer, openApp } from '../../../src/state/index.js';
import { app, clusters, events, tree } from '../../fixtures/ui/fleet.js';

describe('createPatchCoalescer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns a burst of patches into one store update per interval', () => {
    const store = createFlotillaStore();
    let updates = 0;
    store.subscribe(() => updates++);
    const c = createPatchCoalescer(store, { intervalMs: 100 });

    c.push({ kind: 'clusters', upsert: clusters });
    vi.advanceTimersByTime(0); // leading edge after a quiet period
    expect(updates).toBe(1);

    for (let i = 0; i < 500; i++)
      c.push({ kind: 'apps', upsert: [app(`app-${i % 50}`, 'dev', { driftCount: i })] });
    expect(updates).toBe(1);
    expect(c.size).toBe(50);
    vi.advanceTimersByTime(99);
    expect(updates).toBe(1);
    vi.advanceTimersByTime(1);
    expect(updates).toBe(2);
    expect(Object.keys(store.getState().apps)).toHaveLength(50);
    expect(store.getState().apps['dev/app-49']?.driftCount).toBe(499);
  });

  it('keeps the last version of a row and honours removals and replace', () => {
    const store = createFlotillaStore();
    const c = createPatchCoalescer(store, { intervalMs: 100 });
    c.push({ kind: 'apps', upsert: [app('a', 'dev'), app('b', 'dev')] });
    c.push({ kind: 'apps', remove: ['dev/a'] });
    c.push({ kind: 'apps', upsert: [app('b', 'dev', { health: 'Missing' })] });
    c.flush();
    expect(Object.keys(store.getState().apps)).toEqual(['dev/b']);
    expect(store.getState().apps['dev/b']?.health).toBe('Missing');

    c.push({ kind: 'apps', upsert: [app('c', 'dev')] });
    c.push({ kind: 'apps', upsert: [app('d', 'dev')], replace: true });
    c.flush();
    expect(Object.keys(store.getState().apps)).toEqual(['dev/d']);
  });

  it('merges detail patches for one app and keeps alerts in order', () => {
    const store = createFlotillaStore();
    store.setState((s) => openApp(s, 'dev/a'));
    const c = createPatchCoalescer(store);
    c.push({ kind: 'appDetail', app: 'dev/a', resources: tree });
    c.push({ kind: 'appDetail', app: 'dev/a', status: 'ready', events });
    c.push({ kind: 'alert', alert: { severity: 'warning', text: 'one' } });
    c.push({ kind: 'alert', alert: { severity: 'warning', text: 'two' } });
    vi.advanceTimersByTime(100);
    const d = store.getState().detail;
    expect(d?.status).toBe('ready');
    expect(d?.resources).toHaveLength(2);
    expect(d?.events).toHaveLength(3);
    expect(store.getState().alerts.map((a) => a.text)).toEqual(['one', 'two']);
  });

  it('flushes at most once per interval under a steady stream', () => {
    const store = createFlotillaStore();
    let updates = 0;
    store.subscribe(() => updates++);
    const c = createPatchCoalescer(store, { intervalMs: 100 });
    for (let t = 0; t < 1000; t += 10) {
      c.push({ kind: 'apps', upsert: [app('a', 'dev', { driftCount: t })] });
      vi.advanceTimersByTime(10);
    }
    expect(updates).toBeLessThanOrEqual(11);
    expect(updates).toBeGreaterThanOrEqual(9);
  });

  it('drops queued patches on dispose', () => {
    const store = createFlotillaStore();
    const c = createPatchCoalescer(store);
    c.push({ kind: 'apps', upsert: [app('a', 'dev')] });
    c.dispose();
    vi.advanceTimersByTime(1000);
    expect(store.getState().apps).toEqual({});
  });
});
