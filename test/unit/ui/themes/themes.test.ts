import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_THEMES_DIR, ThemeCatalog, initialThemeName } from '../../../../src/ui/themes/loader.js';
import { ROLE_NAMES } from '../../../../src/ui/themes/roles.js';
import { themeFileSchema } from '../../../../src/ui/themes/schema.js';
import { frameRoleFor } from '../../../../src/ui/themes/theme.js';

const userDir = fileURLToPath(new URL('../../../fixtures/ui/themes/', import.meta.url));
const SHIPPED = ['colorblind-safe', 'default-dark', 'default-light', 'high-contrast', 'no-color'];

describe('shipped themes', () => {
  it('are the five built-in themes', () => {
    expect(new ThemeCatalog().names()).toEqual(SHIPPED);
  });

  it.each(SHIPPED)('%s validates and defines every role', (name) => {
    const json: unknown = JSON.parse(readFileSync(`${BUILTIN_THEMES_DIR}/${name}.json`, 'utf8'));
    expect(themeFileSchema.safeParse(json).success).toBe(true);
    const { theme, errors } = new ThemeCatalog().load(name);
    expect(errors).toEqual([]);
    expect(theme.name).toBe(name);
    expect(Object.keys(theme.styles).sort()).toEqual([...ROLE_NAMES].sort());
  });

  it('no-color uses no colour at all, only attributes', () => {
    const { theme } = new ThemeCatalog().load('no-color');
    for (const style of Object.values(theme.styles)) {
      expect(style.color).toBeUndefined();
      expect(style.backgroundColor).toBeUndefined();
    }
    expect(theme.styles.selection).toEqual({ inverse: true });
  });

  it('colours production frames by cluster labels', () => {
    const { theme } = new ThemeCatalog().load('default-dark');
    expect(frameRoleFor(theme, { env: 'prod', region: 'eu' })).toBe('frame.production');
    expect(frameRoleFor(theme, { env: 'production' })).toBe('frame.production');
    expect(frameRoleFor(theme, { env: 'staging' })).toBe('frame.staging');
    expect(frameRoleFor(theme, { env: 'dev' })).toBe('frame.default');
    expect(theme.styles['frame.production'].color).toBe('#f7768e');
  });
});

describe('theme loading', () => {
  const catalog = new ThemeCatalog({ userDir });

  it('loads a partial user theme over default-dark', () => {
    const { theme, errors } = catalog.load('amber');
    expect(errors).toEqual([]);
    expect(theme.styles.warning).toEqual({ color: '#ffb000' });
    expect(theme.styles.selection).toEqual({ color: 'black', backgroundColor: '#ffb000', bold: true });
    expect(theme.styles['health.healthy']).toEqual(
      new ThemeCatalog().load('default-dark').theme.styles['health.healthy'],
    );
  });

  it('a user theme with a built-in name replaces it, on top of the built-in', () => {
    const { theme, errors } = catalog.load('default-dark');
    expect(errors).toEqual([]);
    expect(theme.styles.danger).toEqual({ color: '#ff00ff' });
    expect(theme.styles.text).toEqual({ color: '#c0caf5' });
  });

  it.each([
    [
      'bad-colour',
      /bad-colour\.json: roles\.health\.degraded: "rde" is neither a palette entry nor a colour/,
    ],
    ['bad-json', /bad-json\.json: invalid JSON: /],
    ['unknown-role', /unknown-role\.json: roles: Unrecognized key/],
    ['loop-a', /"extends" loops: loop-a → loop-b → loop-a/],
    ['missing', /not found \(available: amber, bad-colour/],
  ])('falls back to default-dark with a clear message for %s', (name, message) => {
    const { theme, errors } = catalog.load(name);
    expect(theme.name).toBe('default-dark');
    expect(errors[0]).toMatch(message);
    expect(errors[0]).toMatch(new RegExp(`^theme "${name}": `));
    expect(errors).toContain('using default-dark');
  });

  it('falls back to a colourless theme when even the built-in default is broken', () => {
    const broken = new ThemeCatalog({ builtinDir: '/nonexistent', userDir: '/nonexistent' });
    const { theme, errors } = broken.load('default-dark');
    expect(theme.name).toBe('emergency');
    expect(errors.at(-1)).toBe('using a colourless built-in theme');
  });

  it('honours NO_COLOR unless a theme is asked for', () => {
    expect(initialThemeName(undefined, { NO_COLOR: '1' })).toBe('no-color');
    expect(initialThemeName(undefined, { NO_COLOR: '' })).toBe('default-dark');
    expect(initialThemeName('high-contrast', { NO_COLOR: '1' })).toBe('high-contrast');
    expect(initialThemeName(undefined, {})).toBe('default-dark');
  });
});

describe('docs/themes.md', () => {
  it('documents every role', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../../docs/themes.md', import.meta.url)), 'utf8');
    for (const role of ROLE_NAMES) expect(doc, role).toContain(`\`${role}\``);
  });
});
