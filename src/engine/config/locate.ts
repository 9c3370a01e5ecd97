/** Which fleet file to read: `--config PATH`, else FLOTILLA_CONFIG, else flotilla.yaml in the working directory. */
import { isAbsolute, join, normalize } from 'node:path';

/** File name looked for in the working directory when nothing else names the fleet file. */
const DEFAULT_FLEET_FILE = 'flotilla.yaml';

/** Where the chosen path came from, so a "not found" message can say why flotilla looked there. */
export type FleetFileOrigin = 'argument' | 'environment' | 'default';

/** The fleet file to read and why. */
export interface FleetFileLocation {
  path: string;
  origin: FleetFileOrigin;
}

/** What decides the fleet file's location; the caller passes argv, env and cwd in. */
export interface LocateFleetFileInput {
  /** The value of `--config`, if given. */
  configArg?: string;
  /** The value of the FLOTILLA_CONFIG environment variable, if set. */
  envConfig?: string;
  /** The working directory; relative paths start from it. */
  cwd: string;
}

/** The fleet file path: argument first, then environment, then the default; empty values count as unset. */
export function locateFleetFile(input: LocateFleetFileInput): FleetFileLocation {
  const fromCwd = (p: string) => (isAbsolute(p) ? normalize(p) : join(input.cwd, p));
  if (input.configArg) return { path: fromCwd(input.configArg), origin: 'argument' };
  if (input.envConfig) return { path: fromCwd(input.envConfig), origin: 'environment' };
  return { path: join(input.cwd, DEFAULT_FLEET_FILE), origin: 'default' };
}
