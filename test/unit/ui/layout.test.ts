import { describe, expect, it } from 'vitest';
import { flotillaConfigDir, keysFile, userThemesDir } from '../../../src/ui/config-paths.js';
import { formatAge, formatFreshness, padEnd, truncate } from '../../../src/ui/format.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS, chooseGlyphs, localeIsAscii } from '../../../src/ui/glyphs.js';
import { computeGeometry } from '../../../src/ui/render/geometry.js';
import { appColumns } from '../../../src/ui/render/app-row.js';
import { fitColumns } from '../../../src/ui/render/columns.js';

describe('formatting', () => {
  it('formats ages and freshness', () => {
    expect(formatAge(12_400)).toBe('12s');
    expect(formatAge(5 * 60_000)).toBe('5m');
    expect(formatAge(3 * 3_600_000)).toBe('3h');
    expect(formatAge(50 * 3_600_000)).toBe('2d');
    expect(formatAge(-5_000)).toBe('0s');
    expect(formatFreshness(undefined, 0)).toBe('never');
    expect(formatFreshness(1_000, 13_000)).toBe('12s ago');
  });

  it('truncates and pads to exact widths', () => {
    expect(truncate('guestbook-staging', 10)).toBe('guestbook…');
    expect(truncate('guestbook-staging', 10, '~')).toBe('guestbook~');
    expect(padEnd('ab', 4)).toBe('ab  ');
  });
});

describe('columns and geometry', () => {
  it('keeps the important app columns at 80 columns and all of them when wide', () => {
    expect(appColumns(76).map((c) => c.id)).toEqual([
      'app',
      'cluster',
      'sync',
      'health',
      'revision',
      'drift',
      'op',
    ]);
    expect(appColumns(140).map((c) => c.id)).toEqual([
      'app',
      'cluster',
      'namespace',
      'sync',
      'health',
      'revision',
      'age',
      'drift',
      'auto',
      'op',
    ]);
    for (const w of [60, 76, 96, 140]) {
      const cols = appColumns(w);
      expect(cols.reduce((s, c) => s + c.width, 0) + cols.length - 1).toBe(w);
    }
  });

  it('gives the flexible column what is left', () => {
    const cols = fitColumns(
      [
        { id: 'a', title: 'A', width: 5, priority: 1 },
        { id: 'b', title: 'B', width: 10, min: 4, priority: 9, flex: true },
      ],
      30,
    );
    expect(cols.map((c) => c.width)).toEqual([5, 24]);
  });

  it('budgets rows so the frame is rows-1 high and one column narrower than the window', () => {
    const g = computeGeometry({ columns: 80, rows: 24 }, { attention: false, clusterCount: 3 });
    expect(g.frameRows).toBe(23);
    expect(g.columns).toBe(79);
    expect(1 + g.fleet.stripHeight + g.fleet.tableHeight + 1).toBe(23);
    expect(g.fleet.tableRows).toBe(g.fleet.tableHeight - 4);
    const withRepos = computeGeometry(
      { columns: 80, rows: 24 },
      { attention: false, clusterCount: 3, repoCount: 2 },
    );
    expect(withRepos.fleet.repoLine).toBe(1);
    expect(1 + withRepos.fleet.stripHeight + 1 + withRepos.fleet.tableHeight + 1).toBe(23);
    const withAlert = computeGeometry({ columns: 80, rows: 24 }, { attention: true, clusterCount: 3 });
    expect(withAlert.bodyRows).toBe(g.bodyRows - 1);
    expect(
      computeGeometry({ columns: 160, rows: 50 }, { attention: false, clusterCount: 3 }).app.sideBySide,
    ).toBe(true);
    expect(g.app.sideBySide).toBe(false);
  });

  it('caps the cluster strip so many clusters do not push the apps off screen', () => {
    const g = computeGeometry({ columns: 80, rows: 24 }, { attention: false, clusterCount: 40 });
    expect(g.fleet.stripRows).toBe(Math.floor(g.bodyRows / 4));
  });
});

describe('environment', () => {
  it('uses ASCII glyphs unless the locale says UTF-8, or when forced', () => {
    expect(localeIsAscii({ LANG: 'en_US.UTF-8' })).toBe(false);
    expect(localeIsAscii({ LC_ALL: 'C', LANG: 'en_US.UTF-8' })).toBe(true);
    expect(localeIsAscii({ LC_CTYPE: 'de_DE.utf8' })).toBe(false);
    expect(localeIsAscii({})).toBe(true);
    expect(chooseGlyphs({ LANG: 'C.UTF-8' })).toBe(UNICODE_GLYPHS);
    expect(chooseGlyphs({ LANG: 'C.UTF-8' }, true)).toBe(ASCII_GLYPHS);
  });

  it('finds the config directory from XDG_CONFIG_HOME', () => {
    expect(flotillaConfigDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/flotilla');
    expect(flotillaConfigDir({}, '/home/u')).toBe('/home/u/.config/flotilla');
    expect(keysFile('/cfg/flotilla')).toBe('/cfg/flotilla/keys.yaml');
    expect(userThemesDir('/cfg/flotilla')).toBe('/cfg/flotilla/themes');
  });
});
