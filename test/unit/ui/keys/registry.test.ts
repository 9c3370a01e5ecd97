import { describe, expect, it } from 'vitest';
import { ACTION_HANDLERS } from '../../../../src/ui/commands/actions.js';
import { BUILTIN_HANDLERS } from '../../../../src/ui/commands/builtin.js';
import { ACTION_COMMANDS } from '../../../../src/ui/keys/action-commands.js';
import { BUILTIN_COMMANDS } from '../../../../src/ui/keys/commands.js';
import { createDefaultRegistry } from '../../../../src/ui/keys/default-registry.js';
import { ALL_CONTEXTS, CommandRegistry, disabledReason } from '../../../../src/ui/keys/registry.js';
import type { CommandSpec } from '../../../../src/ui/keys/registry.js';
import { parseChord } from '../../../../src/ui/keys/chord.js';
import { cluster } from '../../../fixtures/ui/fleet.js';

/** A mutating command of the kind the acting side adds (its own id and key: `s` is app.sync's). */
const sync: CommandSpec = {
  id: 'test.write',
  keys: ['ctrl+s'],
  description: 'Sync',
  scopes: ['fleet.apps', 'app'],
  category: 'App',
  mutates: true,
};

describe('command registry', () => {
  it('binds no key twice in any pane or the prompt', () => {
    expect(createDefaultRegistry().conflicts()).toEqual([]);
  });

  it('has a handler, a description and valid keys for every acting command', () => {
    expect(Object.keys(ACTION_HANDLERS).sort()).toEqual(ACTION_COMMANDS.map((c) => c.id).sort());
    for (const c of ACTION_COMMANDS) {
      expect(c.description.length).toBeGreaterThan(5);
      for (const k of c.keys) expect(parseChord(k)).toEqual({ ok: true, chord: k });
    }
  });

  it('has a handler, a description and valid keys for every built-in command, and none mutates', () => {
    expect(Object.keys(BUILTIN_HANDLERS).sort()).toEqual(BUILTIN_COMMANDS.map((c) => c.id).sort());
    for (const c of BUILTIN_COMMANDS) {
      expect(c.description.length).toBeGreaterThan(5);
      expect(c.mutates).toBe(false);
      for (const k of c.keys) expect(parseChord(k)).toEqual({ ok: true, chord: k });
    }
  });

  it('binds the k9s keys', () => {
    const r = createDefaultRegistry();
    const fleet = { screen: 'fleet', pane: 'fleet.apps' } as const;
    const expected: Record<string, string> = {
      j: 'nav.down',
      down: 'nav.down',
      k: 'nav.up',
      up: 'nav.up',
      g: 'nav.top',
      G: 'nav.bottom',
      pageup: 'nav.pageUp',
      pagedown: 'nav.pageDown',
      enter: 'app.open',
      escape: 'nav.back',
      '/': 'ui.filter',
      ':': 'ui.command',
      '?': 'ui.help',
      tab: 'nav.nextPane',
      D: 'app.diff',
      r: 'app.refresh',
      'ctrl+c': 'app.quit',
      b: 'fleet.group',
      m: 'fleet.matrix',
    };
    for (const [chord, id] of Object.entries(expected)) expect(r.resolve(chord, fleet)?.id, chord).toBe(id);
    expect(r.resolve('enter', { screen: 'app', pane: 'app.tree' })?.id).toBe('tree.toggle');
    expect(r.resolve('enter', 'prompt')?.id).toBe('prompt.accept');
    expect(r.resolve('ctrl+c', 'prompt')?.id).toBe('app.quit');
    expect(r.resolve('j', 'prompt')).toBeUndefined();
  });

  it('lets the acting side add mutating commands without rework, and finds their conflicts', () => {
    const r = createDefaultRegistry().extend([sync]);
    expect(r.resolve('ctrl+s', { screen: 'app', pane: 'app.events' })?.id).toBe('test.write');
    expect(r.conflicts()).toEqual([]);
    const clash = r.extend([{ ...sync, id: 'app.prune', keys: ['D'] }]);
    expect(clash.conflicts()).toContainEqual(
      expect.objectContaining({ chord: 'D', a: 'app.diff', b: 'app.prune' }),
    );
    expect(() => new CommandRegistry([sync, sync])).toThrow(/duplicate/);
  });

  it('binds s to sync where an app is meant, Space to marks in the app table, and the dialog keys in the sync dialog', () => {
    const r = createDefaultRegistry();
    for (const ctx of [
      { screen: 'fleet', pane: 'fleet.apps' },
      { screen: 'fleet', pane: 'fleet.matrix' },
      { screen: 'app', pane: 'app.events' },
      { screen: 'drift', pane: 'drift.diff' },
    ] as const)
      expect(r.resolve('s', ctx)?.id, ctx.pane).toBe('app.sync');
    expect(r.get('app.sync')?.mutates).toBe(true);
    expect(r.resolve('space', { screen: 'fleet', pane: 'fleet.apps' })?.id).toBe('fleet.mark');
    expect(r.resolve('space', { screen: 'app', pane: 'app.tree' })?.id).toBe('tree.toggle');
    const inDialog = (k: string) => r.resolve(k, { dialog: 'sync' })?.id;
    expect(['p', 'r', 'f', 'R', 'O', 'space', 'd', 'enter', 'escape'].map(inDialog)).toEqual([
      'sync.prune',
      'sync.dryRun',
      'sync.force',
      'sync.replace',
      'sync.onlyOutOfSync',
      'sync.check',
      'sync.diff',
      'sync.accept',
      'dialog.cancel',
    ]);
    expect(r.resolve('p', { dialog: 'confirm' })).toBeUndefined();
  });

  it('explains why a mutating command is disabled', () => {
    expect(disabledReason(sync, { readOnly: true })).toBe('read-only mode (--readonly)');
    expect(disabledReason(sync, { readOnly: false, cluster: cluster('prod', { readOnly: true }) })).toBe(
      'cluster prod is read-only (fleet file)',
    );
    expect(disabledReason(sync, { readOnly: false, cluster: cluster('prod', { canWrite: false }) })).toBe(
      'no write permission on cluster prod',
    );
    expect(disabledReason(sync, { readOnly: false, cluster: cluster('prod', { reachable: false }) })).toBe(
      'cluster prod is unreachable',
    );
    expect(disabledReason(sync, { readOnly: false, cluster: cluster('prod') })).toBeUndefined();
    expect(disabledReason(BUILTIN_COMMANDS[0], { readOnly: true })).toBeUndefined();
  });

  it('covers every pane, the prompt and every kind of dialog in its list of contexts', () => {
    const names = ALL_CONTEXTS.map((c) =>
      c === 'prompt' ? c : 'dialog' in c ? `dialog.${c.dialog}` : c.pane,
    );
    expect(names).toEqual(
      expect.arrayContaining([
        'fleet.apps',
        'help.list',
        'prompt',
        'dialog.confirm',
        'dialog.text',
        'dialog.sync',
        'operation.steps',
        'actions.list',
        'history.list',
        'history.diff',
      ]),
    );
    expect(ALL_CONTEXTS).toHaveLength(16);
  });
});
