/** The fleet file as a JSON Schema (draft-07), generated from the zod schema that checks it. */
import { z } from 'zod';
import { handWrittenJsonSchemas } from './schema-parts.js';
import { fleetFileSchema } from './schema.js';

/** A JSON Schema document, as plain data. */
type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of `flotilla.yaml`, for editors (yaml-language-server) to complete and check the
 * file as it is typed. Checks no pattern can express (unique names, references between entries,
 * repository contents) are left to `flotilla validate`; the descriptions name them.
 */
export function fleetJsonSchema(): JsonSchema {
  return jsonSchemaOf(fleetFileSchema);
}

/** The JSON Schema of any part of the fleet-file schema, as the user writes it (before defaults). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    // The draft the YAML language server (VS Code, Neovim, Helix…) validates with.
    target: 'draft-7',
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => {
      const own = handWrittenJsonSchemas.get(zodSchema);
      if (!own) return;
      for (const key of Object.keys(jsonSchema)) delete (jsonSchema as JsonSchema)[key];
      Object.assign(jsonSchema, own);
    },
  }) as JsonSchema;
}
