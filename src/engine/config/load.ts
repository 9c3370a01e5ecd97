/** Locates, reads and checks the fleet file; file reading is injected. */
import type { Problem, Result } from '../problem.js';
import { fail } from '../problem.js';
import type { FleetFileLocation, LocateFleetFileInput } from './locate.js';
import { locateFleetFile } from './locate.js';
import type { ParseFleetOptions } from './parse-fleet.js';
import { parseFleet } from './parse-fleet.js';
import type { Fleet } from './types.js';

/** Everything loadFleet needs: where to look, how to read a file, and the parse options. */
interface LoadFleetOptions extends LocateFleetFileInput, ParseFleetOptions {
  /** Reads a UTF-8 text file; rejects with a Node.js error (code ENOENT, EISDIR, EACCES, …) when it cannot. */
  readFile: (path: string) => Promise<string>;
}

/** The fleet, or every problem with it, including a missing or unreadable file. */
export async function loadFleet(options: LoadFleetOptions): Promise<Result<Fleet>> {
  const location = locateFleetFile(options);
  let text: string;
  try {
    text = await options.readFile(location.path);
  } catch (error) {
    return fail(readProblem(error, location));
  }
  return parseFleet(text, location.path, options);
}

const WHY_HERE: Record<FleetFileLocation['origin'], string> = {
  argument: 'named by --config',
  environment: 'named by FLOTILLA_CONFIG',
  default: 'the default: flotilla.yaml in the working directory',
};

const WHAT_TO_DO: Record<FleetFileLocation['origin'], string> = {
  argument: 'Check the path given to --config.',
  environment: 'Fix or unset the FLOTILLA_CONFIG environment variable.',
  default: 'Create flotilla.yaml here (see docs/config.md), pass --config PATH, or set FLOTILLA_CONFIG.',
};

function readProblem(error: unknown, location: FleetFileLocation): Problem {
  const code = (error as { code?: unknown } | null)?.code;
  const source = { file: location.path };
  if (code === 'ENOENT') {
    return {
      code: 'config.not-found',
      message: `There is no fleet file at ${location.path} (${WHY_HERE[location.origin]}).`,
      hint: WHAT_TO_DO[location.origin],
      source,
    };
  }
  if (code === 'EISDIR') {
    return {
      code: 'config.unreadable',
      message: `${location.path} is a folder, not a fleet file (${WHY_HERE[location.origin]}).`,
      hint: `Name the file itself, e.g. ${location.path}/flotilla.yaml.`,
      source,
    };
  }
  const reason = error instanceof Error ? error.message : String(error);
  return {
    code: 'config.unreadable',
    message: `The fleet file ${location.path} cannot be read: ${reason}`,
    hint: 'Check that the file exists and that you may read it.',
    source,
  };
}
