import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../../src/state/patch.js';
import { createAttentionNotifier, osc9 } from '../../../src/ui/attention.js';
import { apps, clusters } from '../../fixtures/ui/fleet.js';
import { fixtureStore } from './helpers.js';

describe('attention notifier', () => {
  it('rings the bell once per update with new danger alerts, not for old or info alerts', () => {
    const store = fixtureStore();
    applyPatch(store, { kind: 'alert', alert: { severity: 'danger', text: 'before start' } });
    const written: string[] = [];
    const stop = createAttentionNotifier(store, { mode: 'bell', write: (d) => written.push(d) });
    applyPatch(store, {
      kind: 'apps',
      upsert: [
        { ...apps[0]!, health: 'Degraded' },
        { ...apps[2]!, health: 'Degraded' },
      ],
    });
    expect(written).toEqual(['\x07']);
    applyPatch(store, { kind: 'clusters', upsert: [{ ...clusters[0]!, reachable: false }] });
    applyPatch(store, { kind: 'clusters', upsert: [clusters[0]!] }); // "reachable again" is info
    expect(written).toEqual(['\x07', '\x07']);
    stop();
    applyPatch(store, { kind: 'alert', alert: { severity: 'danger', text: 'after stop' } });
    expect(written).toHaveLength(2);
  });

  it('sends OSC 9 notifications with the alert text', () => {
    const store = fixtureStore();
    const written: string[] = [];
    createAttentionNotifier(store, { mode: 'osc9', write: (d) => written.push(d) });
    applyPatch(store, { kind: 'apps', upsert: [{ ...apps[0]!, health: 'Degraded' }] });
    expect(written).toEqual([osc9('flotilla: guestbook-prod-eu on prod-eu turned Degraded')]);
  });

  it('keeps control characters out of OSC 9 payloads', () => {
    expect(osc9('a\x07b\x1b]c')).toBe('\x1b]9;a b ]c\x07');
  });

  it('does nothing when off', () => {
    const store = fixtureStore();
    const written: string[] = [];
    createAttentionNotifier(store, { mode: 'off', write: (d) => written.push(d) });
    applyPatch(store, { kind: 'alert', alert: { severity: 'danger', text: 'x' } });
    expect(written).toEqual([]);
  });
});
