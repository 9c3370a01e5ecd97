/** A resolved theme: every role turned into Ink text props, plus the cluster frame rules. */
import { ROLE_NAMES } from './roles.js';
import type { RoleName, TextStyle } from './roles.js';
import { isColour } from './schema.js';
import type { RoleValue, ThemeFile } from './schema.js';

/** Clusters whose labels match `labels` (any listed value) get `role` as their frame. */
export interface FrameRule {
  labels: Record<string, readonly string[]>;
  role: RoleName;
}

/** A theme ready for components. */
export interface Theme {
  name: string;
  styles: Record<RoleName, TextStyle>;
  frames: readonly FrameRule[];
}

/** Production red, staging amber: the frames every theme gets unless it says otherwise. */
const DEFAULT_FRAMES: readonly FrameRule[] = [
  { labels: { env: ['prod', 'production'] }, role: 'frame.production' },
  { labels: { env: ['staging', 'stage'] }, role: 'frame.staging' },
];

/** A theme file's palette and roles flattened (`health.degraded`), before resolving colours. */
export interface RawTheme {
  palette: Record<string, string>;
  roles: Partial<Record<RoleName, RoleValue>>;
  frames?: readonly FrameRule[];
}

/** Flattens the nested roles of a file. */
export function rawThemeOf(file: ThemeFile): RawTheme {
  const roles: Partial<Record<RoleName, RoleValue>> = {};
  for (const [key, value] of Object.entries(file.roles)) {
    if (value === undefined) continue;
    if (typeof value === 'string' || !isGroup(key)) {
      roles[key as RoleName] = value as RoleValue;
      continue;
    }
    for (const [sub, v] of Object.entries(value as Record<string, RoleValue | undefined>))
      if (v !== undefined) roles[`${key}.${sub}` as RoleName] = v;
  }
  const frames = file.frames?.map((f) => ({
    role: f.role,
    labels: Object.fromEntries(
      Object.entries(f.labels).map(([k, v]) => [k, typeof v === 'string' ? [v] : v]),
    ),
  }));
  return { palette: file.palette, roles, frames };
}

function isGroup(key: string): boolean {
  return key === 'health' || key === 'sync' || key === 'diff' || key === 'frame';
}

/** A theme over a base: palette and roles of `over` win. */
export function mergeRaw(base: RawTheme, over: RawTheme): RawTheme {
  return {
    palette: { ...base.palette, ...over.palette },
    roles: { ...base.roles, ...over.roles },
    frames: over.frames ?? base.frames,
  };
}

/** Resolves palette references; returns the theme and any problems (bad references, missing roles). */
export function resolveTheme(name: string, raw: RawTheme): { theme: Theme; errors: string[] } {
  const errors: string[] = [];
  const colourOf = (value: string, where: string): string | undefined => {
    const c = raw.palette[value] ?? value;
    if (!isColour(c)) {
      errors.push(`${where}: "${value}" is neither a palette entry nor a colour`);
      return undefined;
    }
    return c === 'default' ? undefined : c;
  };
  const styles = {} as Record<RoleName, TextStyle>;
  for (const role of ROLE_NAMES) {
    const value = raw.roles[role];
    if (value === undefined) {
      errors.push(`roles.${role}: missing`);
      styles[role] = {};
      continue;
    }
    styles[role] =
      typeof value === 'string'
        ? compact({ color: colourOf(value, `roles.${role}`) })
        : styleOf(value, `roles.${role}`, colourOf);
  }
  return { theme: { name, styles, frames: raw.frames ?? DEFAULT_FRAMES }, errors };
}

function styleOf(
  value: Exclude<RoleValue, string>,
  where: string,
  colourOf: (v: string, w: string) => string | undefined,
): TextStyle {
  return compact({
    color: value.fg === undefined ? undefined : colourOf(value.fg, `${where}.fg`),
    backgroundColor: value.bg === undefined ? undefined : colourOf(value.bg, `${where}.bg`),
    bold: value.bold,
    dimColor: value.dim,
    italic: value.italic,
    underline: value.underline,
    inverse: value.inverse,
  });
}

/** Drops undefined fields so styles spread cleanly into <Text>. */
function compact(style: TextStyle): TextStyle {
  return Object.fromEntries(Object.entries(style).filter(([, v]) => v !== undefined)) as TextStyle;
}

/** The theme used when even the built-in default cannot be read: attributes only, no colour. */
export function emergencyTheme(): Theme {
  const styles = Object.fromEntries(ROLE_NAMES.map((r) => [r, {}])) as Record<RoleName, TextStyle>;
  Object.assign(styles, {
    title: { bold: true },
    header: { bold: true },
    focus: { bold: true },
    selection: { inverse: true },
    key: { bold: true },
    danger: { bold: true },
    'frame.production': { bold: true },
    'health.degraded': { bold: true },
    muted: { dimColor: true },
  } satisfies Partial<Record<RoleName, TextStyle>>);
  return { name: 'emergency', styles, frames: DEFAULT_FRAMES };
}

/** The frame role for a cluster's labels: the first matching rule, else `frame.default`. */
export function frameRoleFor(theme: Theme, labels: Record<string, string> | undefined): RoleName {
  if (!labels) return 'frame.default';
  for (const rule of theme.frames) {
    if (
      Object.entries(rule.labels).every(
        ([k, values]) => labels[k] !== undefined && values.includes(labels[k] as string),
      )
    )
      return rule.role;
  }
  return 'frame.default';
}
