/** JSON pointers (RFC 6901) as ignoreDifferences uses them: parsed once, resolved against each side separately. */
import type { Problem, Result } from '../problem.js';
import { fail, ok } from '../problem.js';
import type { JsonPath } from './json.js';
import { isMap } from './json.js';

/** A parsed pointer: its unescaped reference tokens. */
export interface JsonPointer {
  readonly text: string;
  readonly tokens: readonly string[];
}

/** Parses `/spec/replicas` or `/metadata/annotations/a~1b`; the empty pointer (the whole object) is refused,
 * since ignoring a whole object is what IgnoreExtraneous or leaving it out of Git are for. */
export function parsePointer(text: string, field?: string): Result<JsonPointer> {
  const problem = (message: string): Problem => ({
    code: 'diff.pointer-invalid',
    message: `JSON pointer ${JSON.stringify(text)}: ${message}`,
    hint: 'Write an RFC 6901 pointer such as /spec/replicas; escape "/" in a key as ~1 and "~" as ~0.',
    ...(field ? { source: { field } } : {}),
  });
  if (text === '' || text === '/') return fail(problem('it names the whole object'));
  if (!text.startsWith('/')) return fail(problem('it must start with "/"'));
  const tokens: string[] = [];
  for (const raw of text.slice(1).split('/')) {
    if (/~(?![01])/.test(raw))
      return fail(problem(`"~" must be followed by 0 or 1 in ${JSON.stringify(raw)}`));
    tokens.push(raw.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  return ok({ text, tokens });
}

/** The concrete path the pointer names in `root`, or undefined when it names nothing there. */
export function resolvePointer(pointer: JsonPointer, root: unknown): JsonPath | undefined {
  const path: JsonPath = [];
  let current = root;
  for (const token of pointer.tokens) {
    if (Array.isArray(current)) {
      // RFC 6901 array indexes: decimal, no leading zeros; "-" (past the end) never names an existing item.
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      const index = Number(token);
      if (index >= current.length) return undefined;
      path.push(index);
      current = current[index];
    } else if (isMap(current) && Object.hasOwn(current, token)) {
      path.push(token);
      current = current[token];
    } else {
      return undefined;
    }
  }
  return path;
}
