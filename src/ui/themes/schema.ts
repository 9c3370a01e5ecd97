/**
 * The theme file format (themes/*.json), validated with zod: a palette of named colours, then roles
 * that name a palette entry or a colour, optionally with attributes. See docs/themes.md.
 */
import { z } from 'zod';

/** Colour names chalk (and so Ink) understands, plus `default` for "the terminal's own colour". */
const NAMED_COLOURS = [
  'default',
  'black',
  'red',
  'green',
  'yellow',
  'blue',
  'magenta',
  'cyan',
  'white',
  'gray',
  'grey',
  'blackBright',
  'redBright',
  'greenBright',
  'yellowBright',
  'blueBright',
  'magentaBright',
  'cyanBright',
  'whiteBright',
] as const;

/** True for `#rgb`, `#rrggbb` or a named colour. */
export function isColour(value: string): boolean {
  return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) || (NAMED_COLOURS as readonly string[]).includes(value);
}

const colour = z.string().refine(isColour, {
  message: 'expected a colour: #rgb, #rrggbb or a name such as red, cyanBright, default',
});

/** A role: a palette name or colour, or an object with fg/bg and attributes. */
const roleValue = z.union([
  z.string().min(1),
  z
    .object({
      fg: z.string().min(1).optional(),
      bg: z.string().min(1).optional(),
      bold: z.boolean().optional(),
      dim: z.boolean().optional(),
      italic: z.boolean().optional(),
      underline: z.boolean().optional(),
      inverse: z.boolean().optional(),
    })
    .strict(),
]);

/** A role value as written in a file. */
export type RoleValue = z.infer<typeof roleValue>;

const group = <K extends string>(keys: readonly K[]) =>
  z
    .object(
      Object.fromEntries(keys.map((k) => [k, roleValue.optional()])) as Record<
        K,
        z.ZodOptional<typeof roleValue>
      >,
    )
    .strict();

/** Roles, nested by group as in the files (`health.degraded` is `health: {degraded: …}`). */
const roles = z
  .object({
    text: roleValue.optional(),
    muted: roleValue.optional(),
    accent: roleValue.optional(),
    title: roleValue.optional(),
    header: roleValue.optional(),
    border: roleValue.optional(),
    focus: roleValue.optional(),
    selection: roleValue.optional(),
    key: roleValue.optional(),
    prompt: roleValue.optional(),
    ok: roleValue.optional(),
    info: roleValue.optional(),
    warning: roleValue.optional(),
    danger: roleValue.optional(),
    health: group([
      'healthy',
      'progressing',
      'degraded',
      'suspended',
      'missing',
      'unknown',
    ] as const).optional(),
    sync: group(['synced', 'outOfSync', 'unknown'] as const).optional(),
    diff: group(['added', 'removed', 'hunk', 'header', 'context'] as const).optional(),
    frame: group(['default', 'production', 'staging'] as const).optional(),
  })
  .strict();

/** A frame rule: clusters whose labels match get the frame role (first rule wins). */
const frameRule = z
  .object({
    labels: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])),
    role: z.enum(['frame.default', 'frame.production', 'frame.staging']),
  })
  .strict();

/** The schema of one theme file. */
export const themeFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    /** Base theme whose palette and roles this one overrides (user themes default to default-dark). */
    extends: z.string().min(1).optional(),
    palette: z.record(z.string(), colour).default({}),
    roles: roles.default({}),
    frames: z.array(frameRule).optional(),
  })
  .strict();

/** A parsed theme file. */
export type ThemeFile = z.infer<typeof themeFileSchema>;

/** Plain-words zod issues: `roles.health.degraded: expected …`. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(file)'}: ${i.message}`);
}
