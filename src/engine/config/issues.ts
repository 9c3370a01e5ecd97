/** Turns zod issues into Problems: plain words, the field path, and the file position of the field. */
import { z } from 'zod';
import type { Problem } from '../problem.js';
import type { IssueParams } from './schema-parts.js';
import { closestMatch, didYouMean } from './suggest.js';
import type { FieldPath, YamlSource } from './yaml-source.js';
import { formatFieldPath, sourceAt } from './yaml-source.js';

/** Field names that would hold a secret; they are refused with a pointer to the env-var reference. */
const SECRET_FIELDS = [
  'token',
  'password',
  'secret',
  'bearertoken',
  'accesstoken',
  'apikey',
  'privatekey',
  'sshprivatekey',
  'clientsecret',
];

/** Maps a path inside the validated value to the path in the file where it is written. */
type PlaceInFile = FieldPath | ((relative: FieldPath) => FieldPath);

/** Validates `value` (written at `place` in the file) with `schema`: the parsed value, or its problems. */
export function validateAt<T extends z.ZodType>(
  schema: T,
  value: unknown,
  src: YamlSource,
  place: PlaceInFile,
): { value: z.output<T>; problems: [] } | { value: undefined; problems: Problem[] } {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return { value: result.data, problems: [] };
  const toFile = typeof place === 'function' ? place : (relative: FieldPath) => [...place, ...relative];
  return {
    value: undefined,
    problems: result.error.issues.flatMap((issue) => issueProblems(issue, schema, src, toFile)),
  };
}

function issueProblems(
  issue: z.core.$ZodIssue,
  schema: z.ZodType,
  src: YamlSource,
  toFile: (relative: FieldPath) => FieldPath,
): Problem[] {
  const relative = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const path = toFile(relative);
  if (issue.code === 'unrecognized_keys') {
    const known = knownFieldsAt(schema, relative);
    return issue.keys.map((key) => unknownFieldProblem(key, known, src, [...path, key]));
  }
  if (issue.code === 'custom') {
    const params = (issue.params ?? {}) as Partial<IssueParams>;
    return [
      {
        code: params.problemCode ?? 'config.invalid',
        message: issue.message,
        hint: params.hint,
        source: sourceAt(src, path, params.at),
      },
    ];
  }
  return [{ ...describeIssue(issue, path), source: sourceAt(src, path) }];
}

function describeIssue(issue: z.core.$ZodIssue, path: FieldPath): Omit<Problem, 'source'> {
  const field = path[path.length - 1];
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return missingField(field, issue.expected);
      return wrongType(issue.expected, issue.input);
    case 'invalid_value': {
      const written = String(issue.input);
      const allowed = issue.values.map(String);
      const suggestion = closestMatch(written, allowed);
      return {
        code: 'config.bad-value',
        message: `"${written}" is not allowed here.`,
        hint: `${suggestion ? `Did you mean "${suggestion}"? ` : ''}Allowed: ${allowed.join(', ')}.`,
      };
    }
    case 'too_small':
      return {
        code: 'config.bad-value',
        message:
          issue.origin === 'array'
            ? `The list needs at least ${issue.minimum} entries.`
            : `Must be at least ${issue.minimum}${issue.origin === 'string' ? ' characters long' : ''}.`,
      };
    case 'too_big':
      return {
        code: 'config.bad-value',
        message:
          issue.origin === 'string'
            ? `Must be at most ${issue.maximum} characters long.`
            : `Must be at most ${issue.maximum}.`,
      };
    default:
      return { code: 'config.invalid', message: issue.message };
  }
}

function missingField(field: string | number | undefined, expected: string): Omit<Problem, 'source'> {
  return {
    code: 'config.missing-field',
    message: `The required field \`${String(field)}\` is missing.`,
    hint: `Add the field ${String(field)} (${expectedWords(expected)}).`,
  };
}

function wrongType(expected: string, input: unknown): Omit<Problem, 'source'> {
  const found = kindOf(input);
  const hints: Record<string, string | undefined> = {
    string: textHint(found),
    boolean: found === 'text' ? 'Write true or false, without quotes.' : undefined,
    object: 'Write key: value pairs under this field, or {} for none.',
    array: 'Write a list, e.g. [a, b], or one "- item" per line.',
    number: found === 'text' ? 'Write the number without quotes.' : undefined,
  };
  return {
    code: 'config.wrong-type',
    message: `Expected ${expectedWords(expected)}, found ${found}.`,
    hint: hints[expected],
  };
}

function textHint(found: string): string | undefined {
  if (found === 'a number' || found === 'true or false')
    return 'Put the value in quotes so YAML reads it as text, e.g. "1.10".';
  // An unquoted placeholder is read by YAML as a nested flow mapping.
  if (found === 'a mapping')
    return 'Text that starts with "{" must be quoted, e.g. cluster: "{{cluster.name}}".';
  return undefined;
}

function expectedWords(expected: string): string {
  const words: Record<string, string> = {
    string: 'text',
    boolean: 'true or false',
    object: 'a mapping of fields',
    array: 'a list',
    number: 'a number',
    int: 'a whole number',
    record: 'a mapping',
  };
  return words[expected] ?? expected;
}

function kindOf(value: unknown): string {
  if (value === null) return 'nothing (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'boolean') return 'true or false';
  return `a ${typeof value}`;
}

function unknownFieldProblem(
  key: string,
  known: readonly string[],
  src: YamlSource,
  path: FieldPath,
): Problem {
  const source = sourceAt(src, path, 'key');
  if (SECRET_FIELDS.includes(key.toLowerCase().replace(/[-_]/g, '')))
    return inlineSecretProblem(key, path, source);
  const suggestion = didYouMean(key, known);
  const listing =
    known.length > 0
      ? `Fields allowed in ${formatFieldPath(path.slice(0, -1)) || 'the top level'}: ${known.join(', ')}.`
      : undefined;
  return {
    code: 'config.unknown-field',
    message: `Unknown field \`${key}\`.`,
    hint: [suggestion, listing].filter(Boolean).join(' '),
    source,
  };
}

function inlineSecretProblem(key: string, path: FieldPath, source: Problem['source']): Problem {
  const inRepo = path[0] === 'repos';
  return {
    code: 'config.inline-secret',
    message: `An inline \`${key}\` is not allowed: secrets must never be written in the fleet file.`,
    hint: inRepo
      ? 'Put the secret in an environment variable and name the variable instead: auth: { usernameEnv: GIT_USER, tokenEnv: GIT_TOKEN }.'
      : 'flotilla reads cluster credentials from the kubeconfig; point a cluster at one with kubeconfig: PATH.',
    source,
  };
}

/** The field names the object schema at `path` accepts, for "did you mean" on an unknown field. */
function knownFieldsAt(schema: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject)
      current = (current.shape as Record<string, z.ZodType>)[String(segment)];
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else return [];
    current = current && unwrap(current);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    )
      current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodPipe) current = current.out as z.ZodType;
    else return current;
  }
}
