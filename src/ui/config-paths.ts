/** Where the user's flotilla configuration lives (XDG base directories). */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `$XDG_CONFIG_HOME/flotilla`, or `~/.config/flotilla` when XDG_CONFIG_HOME is unset or relative. */
export function flotillaConfigDir(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const xdg = env.XDG_CONFIG_HOME;
  return xdg && xdg.startsWith('/') ? join(xdg, 'flotilla') : join(home, '.config', 'flotilla');
}

/** The key overrides file. */
export function keysFile(configDir: string): string {
  return join(configDir, 'keys.yaml');
}

/** The user themes directory. */
export function userThemesDir(configDir: string): string {
  return join(configDir, 'themes');
}
