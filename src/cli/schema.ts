/** `flotilla schema`: prints the JSON Schema of the fleet file, for editors that check YAML as it is typed. */
import { parseArgs } from 'node:util';
import { fleetJsonSchema } from '../engine/config/index.js';
import type { CliCommand, CliIo } from './command.js';
import { ExitCode } from './exit-codes.js';

const usage = `usage: flotilla schema

Prints the JSON Schema (draft-07) of the fleet file, generated from the checks flotilla
itself runs. Editors with the YAML language server (VS Code's YAML extension, Neovim, Helix…)
then complete field names and flag mistakes as you type. Save it next to the fleet file and
point the file at it with a comment on its first line:

  flotilla schema > flotilla.schema.json
  # yaml-language-server: $schema=./flotilla.schema.json

What no schema can see (unique names, references between entries, the repositories' contents)
is checked by \`flotilla validate\`.

exit status: 0, or 2 on a usage error.`;

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  // Unknown options throw here and main reports them as a usage error.
  parseArgs({ args, options: {} });
  io.stdout.write(`${JSON.stringify(fleetJsonSchema(), null, 2)}\n`);
  return ExitCode.Ok;
}

/** The `schema` command. */
export const schemaCommand: CliCommand = {
  name: 'schema',
  summary: 'print the JSON Schema of the fleet file, for editors',
  usage,
  run,
};
