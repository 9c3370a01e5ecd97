/** Glyphs in UTF-8 and their ASCII fallbacks; chosen once from the locale or `--ascii`. */
import type { HealthStatus, SyncStatus } from '../state/types.js';

/** Every symbol the panes draw. All are one column wide. */
export interface Glyphs {
  ascii: boolean;
  health: Record<HealthStatus, string>;
  sync: Record<SyncStatus, string>;
  cursor: string;
  treeBranch: string;
  treeLast: string;
  treePipe: string;
  treeBlank: string;
  expanded: string;
  collapsed: string;
  leaf: string;
  ellipsis: string;
  reachable: string;
  unreachable: string;
  connecting: string;
  warning: string;
  behind: string;
  separator: string;
  arrow: string;
  /** Before an app whose auto-sync an operator paused. */
  paused: string;
  /** An app marked for a bulk action. */
  mark: string;
  /** Ink border style for panes. */
  border: 'round' | 'classic';
}

/** UTF-8 glyphs. */
export const UNICODE_GLYPHS: Glyphs = {
  ascii: false,
  health: { Healthy: '✓', Progressing: '↻', Degraded: '✗', Suspended: '‖', Missing: '○', Unknown: '?' },
  sync: { Synced: '✓', OutOfSync: '≠', Unknown: '?' },
  cursor: '›',
  treeBranch: '├─',
  treeLast: '└─',
  treePipe: '│ ',
  treeBlank: '  ',
  expanded: '▾',
  collapsed: '▸',
  leaf: '·',
  ellipsis: '…',
  reachable: '●',
  unreachable: '✗',
  connecting: '○',
  warning: '▲',
  behind: '↓',
  separator: '│',
  arrow: '→',
  paused: '⊘',
  mark: '◆',
  border: 'round',
};

/** ASCII-only glyphs for terminals whose locale is not UTF-8. */
export const ASCII_GLYPHS: Glyphs = {
  ascii: true,
  health: { Healthy: '+', Progressing: '~', Degraded: 'x', Suspended: '|', Missing: 'o', Unknown: '?' },
  sync: { Synced: '=', OutOfSync: '!', Unknown: '?' },
  cursor: '>',
  treeBranch: '|-',
  treeLast: '`-',
  treePipe: '| ',
  treeBlank: '  ',
  expanded: 'v',
  collapsed: '>',
  leaf: '-',
  ellipsis: '~',
  reachable: '*',
  unreachable: 'X',
  connecting: 'o',
  warning: '!',
  behind: 'v',
  separator: '|',
  arrow: '->',
  paused: '#',
  mark: '*',
  border: 'classic',
};

/** True when the locale does not promise UTF-8 (LC_ALL, then LC_CTYPE, then LANG, as setlocale reads them). */
export function localeIsAscii(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return !/utf-?8/i.test(locale);
}

/** The glyph set for `--ascii` or the environment's locale. */
export function chooseGlyphs(env: NodeJS.ProcessEnv, forceAscii = false): Glyphs {
  return forceAscii || localeIsAscii(env) ? ASCII_GLYPHS : UNICODE_GLYPHS;
}
