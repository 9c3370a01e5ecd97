import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../../../src/ui/keys/default-registry.js';
import { applyKeyOverrides, loadKeyOverrides } from '../../../../src/ui/keys/overrides.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../fixtures/ui/keys/${name}`, import.meta.url));
const fleet = { screen: 'fleet', pane: 'fleet.apps' } as const;

describe('key overrides (keys.yaml)', () => {
  it('applies valid overrides, including unbinding', () => {
    const { registry, errors } = loadKeyOverrides(createDefaultRegistry(), fixture('valid.yaml'));
    expect(errors).toEqual([]);
    expect(registry.get('app.diff')?.keys).toEqual(['D', 'ctrl+d']);
    expect(registry.resolve('ctrl+n', fleet)?.id).toBe('nav.pageDown');
    expect(registry.get('app.commits')?.keys).toEqual([]);
    expect(registry.resolve('c', fleet)).toBeUndefined();
  });

  it('reports unknown ids, bad keys and conflicts with file and line, and keeps defaults', () => {
    const path = fixture('broken.yaml');
    const { registry, errors } = loadKeyOverrides(createDefaultRegistry(), path);
    expect(errors).toEqual([
      `${path}:2: unknown command "nav.dwn" (did you mean "nav.down"?); ignored`,
      `${path}:3: "ctrl+" is not a key (examples: j, G, /, space, enter, escape, tab, shift+tab, pagedown, ctrl+r); keeping the defaults of "app.diff"`,
      `${path}:5: keys for "fleet.matrix" must be a key or a list of keys; keeping its defaults`,
      `${path}:4: key "j" for "app.commits" is already bound to "nav.down" in fleet.apps; keeping the defaults of "app.commits"`,
    ]);
    expect(registry.get('app.diff')?.keys).toEqual(['D']);
    expect(registry.get('app.commits')?.keys).toEqual(['c']);
    expect(registry.get('nav.down')?.keys).toEqual(['j', 'down']);
    expect(registry.conflicts()).toEqual([]);
  });

  it('finds conflicts in any pane, not only the first one', () => {
    const { registry, errors } = applyKeyOverrides(
      createDefaultRegistry(),
      // `h` is free in the app table (the first pane) and taken in the matrix (the second).
      'nav.pageDown: [pagedown, h]\n',
      'k.yaml',
    );
    expect(errors).toEqual([
      'k.yaml:1: key "h" for "nav.pageDown" is already bound to "matrix.left" in fleet.matrix; keeping the defaults of "nav.pageDown"',
    ]);
    expect(registry.get('nav.pageDown')?.keys).toEqual(['pagedown', 'ctrl+f']);
  });

  it('allows swapping two keys in one file', () => {
    const { registry, errors } = loadKeyOverrides(createDefaultRegistry(), fixture('swap.yaml'));
    expect(errors).toEqual([]);
    expect(registry.resolve('m', fleet)?.id).toBe('fleet.group');
    expect(registry.resolve('b', fleet)?.id).toBe('fleet.matrix');
  });

  it('never throws: a missing file is no error, broken YAML and a non-map fall back to defaults', () => {
    const base = createDefaultRegistry();
    expect(loadKeyOverrides(base, '/nonexistent/keys.yaml')).toEqual({ registry: base, errors: [] });
    const yaml = applyKeyOverrides(base, 'nav.down: [j, down\napp.diff: D\n', 'keys.yaml');
    expect(yaml.registry).toBe(base);
    expect(yaml.errors[0]).toMatch(/^keys\.yaml:\d+: invalid YAML: .*; using default keys$/);
    expect(applyKeyOverrides(base, '- j\n- k\n', 'keys.yaml').errors).toEqual([
      'keys.yaml:1: expected a map of command id to keys; using default keys',
    ]);
    expect(applyKeyOverrides(base, '', 'keys.yaml').errors).toEqual([]);
    const unreadable = loadKeyOverrides(base, 'k.yaml', () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    expect(unreadable.errors).toEqual(['k.yaml: cannot read: EACCES: permission denied; using default keys']);
  });

  it('accepts the usual ways of writing keys', () => {
    const { registry, errors } = applyKeyOverrides(
      createDefaultRegistry(),
      'nav.bottom: [Shift-g, End]\nfleet.refreshAll: C-r\nnav.back: Esc\n',
      'k.yaml',
    );
    expect(errors).toEqual([]);
    expect(registry.get('nav.bottom')?.keys).toEqual(['G', 'end']);
    expect(registry.get('fleet.refreshAll')?.keys).toEqual(['ctrl+r']);
    expect(registry.get('nav.back')?.keys).toEqual(['escape']);
  });

  it('keeps the fixture files readable as documentation', () => {
    expect(readFileSync(fixture('valid.yaml'), 'utf8')).toContain('app.diff');
  });
});
