/**
 * Finds and loads themes: built-ins from the package's `themes/` folder, user themes from
 * `$XDG_CONFIG_HOME/flotilla/themes/*.json` (a user theme with a built-in's name wins). Any problem
 * becomes a message and a fallback to default-dark; loading a theme never throws.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatIssues, themeFileSchema } from './schema.js';
import { emergencyTheme, mergeRaw, rawThemeOf, resolveTheme } from './theme.js';
import type { RawTheme, Theme } from './theme.js';

/** The theme everything falls back to. */
const FALLBACK_THEME = 'default-dark';

/** The theme used when NO_COLOR is set and no theme was asked for. */
const NO_COLOR_THEME = 'no-color';

/** The built-in themes folder shipped with the package (works from src/ and dist/). */
export const BUILTIN_THEMES_DIR = fileURLToPath(new URL('../../../themes/', import.meta.url));

/** File access, injectable for tests. */
interface ThemeFs {
  readFile(path: string): string;
  readDir(path: string): string[];
}

const nodeFs: ThemeFs = { readFile: (p) => readFileSync(p, 'utf8'), readDir: (p) => readdirSync(p) };

/** Where themes come from. */
interface ThemeCatalogOptions {
  builtinDir?: string;
  /** `$XDG_CONFIG_HOME/flotilla/themes`; absent: no user themes. */
  userDir?: string;
  fs?: ThemeFs;
}

/** A loaded theme and what went wrong on the way (empty when nothing did). */
interface ThemeLoad {
  theme: Theme;
  errors: string[];
}

/** The themes available to `--theme` and `:theme`. */
export class ThemeCatalog {
  private readonly fs: ThemeFs;
  private readonly builtinDir: string;
  private readonly userDir?: string;

  /** Creates a catalogue; nothing is read until asked. */
  constructor(options: ThemeCatalogOptions = {}) {
    this.fs = options.fs ?? nodeFs;
    this.builtinDir = options.builtinDir ?? BUILTIN_THEMES_DIR;
    this.userDir = options.userDir;
  }

  /** Names of every theme, built-in and user, sorted. */
  names(): string[] {
    return [
      ...new Set([...this.list(this.builtinDir), ...(this.userDir ? this.list(this.userDir) : [])]),
    ].sort();
  }

  /** Loads a theme by name; on any problem, default-dark (or a colourless emergency theme) and the reasons. */
  load(name: string): ThemeLoad {
    const got = this.loadRaw(name, []);
    if ('raw' in got) {
      const { theme, errors } = resolveTheme(name, got.raw);
      if (errors.length === 0) return { theme, errors: [] };
      return this.fallback(
        name,
        errors.map((e) => `${got.where}: ${e}`),
      );
    }
    return this.fallback(name, got.errors);
  }

  private fallback(name: string, errors: string[]): ThemeLoad {
    const msg = errors.map((e) => `theme "${name}": ${e}`);
    if (name === FALLBACK_THEME)
      return { theme: emergencyTheme(), errors: [...msg, 'using a colourless built-in theme'] };
    const base = this.load(FALLBACK_THEME);
    return { theme: base.theme, errors: [...msg, `using ${base.theme.name}`, ...base.errors] };
  }

  private list(dir: string): string[] {
    try {
      return this.fs
        .readDir(dir)
        .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
        .map((f) => basename(f, '.json'));
    } catch {
      return [];
    }
  }

  /** The path of a theme, user directory first unless only built-ins are wanted. */
  private locate(name: string, builtinOnly: boolean): string | undefined {
    if (!/^[\w.-]+$/.test(name)) return undefined;
    if (!builtinOnly && this.userDir && this.list(this.userDir).includes(name))
      return join(this.userDir, `${name}.json`);
    if (this.list(this.builtinDir).includes(name)) return join(this.builtinDir, `${name}.json`);
    return undefined;
  }

  /** Reads, parses and validates a theme, then merges it over its base (`extends`, or default-dark for user themes). */
  private loadRaw(
    name: string,
    chain: string[],
    builtinOnly = false,
  ): { raw: RawTheme; where: string } | { errors: string[] } {
    if (chain.includes(name) && !builtinOnly)
      return { errors: [`"extends" loops: ${[...chain, name].join(' → ')}`] };
    const path = this.locate(name, builtinOnly);
    if (!path) return { errors: [`not found (available: ${this.names().join(', ')})`] };
    let json: unknown;
    try {
      json = JSON.parse(this.fs.readFile(path));
    } catch (err) {
      return {
        errors: [
          `${path}: ${err instanceof SyntaxError ? 'invalid JSON: ' : 'cannot read: '}${(err as Error).message}`,
        ],
      };
    }
    const parsed = themeFileSchema.safeParse(json);
    if (!parsed.success) return { errors: formatIssues(parsed.error).map((e) => `${path}: ${e}`) };
    const own = rawThemeOf(parsed.data);
    const isBuiltin = path.startsWith(this.builtinDir);
    const baseName = parsed.data.extends ?? (isBuiltin ? undefined : FALLBACK_THEME);
    if (baseName === undefined || (isBuiltin && baseName === name)) return { raw: own, where: path };
    // A user theme named like a built-in (or extending its own name) builds on that built-in.
    const base = this.loadRaw(baseName, [...chain, name], baseName === name);
    if ('errors' in base) return { errors: base.errors.map((e) => `${path}: extends "${baseName}": ${e}`) };
    return { raw: mergeRaw(base.raw, own), where: path };
  }
}

/** The theme to start with: `--theme`, else no-color when NO_COLOR is set (https://no-color.org), else default-dark. */
export function initialThemeName(requested: string | undefined, env: NodeJS.ProcessEnv): string {
  if (requested) return requested;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return NO_COLOR_THEME;
  return FALLBACK_THEME;
}
