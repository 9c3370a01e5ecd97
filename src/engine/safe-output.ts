/** YAML and JSON documents that are safe to print on a terminal and still parse back to the same value.
 *
 * JSON.stringify escapes C0 controls but writes DEL, C1 controls and bidirectional overrides raw, and
 * the `yaml` package writes them raw in every scalar style. Both formats can spell any character as an
 * escape inside a quoted string, so the unsafe ones (see ./safe-text.ts) are written that way: the text
 * reaching the terminal carries no control character, and `kubectl apply -f -` or `jq` reads exactly the
 * original strings. Documents without such characters come out as `yaml.stringify` and
 * `JSON.stringify` write them.
 */
import { Document, isScalar, visit } from 'yaml';
import { escapeUnsafe, jsonEscape, visibleEscape } from './safe-text.js';

const keepLayout = { newline: true, tab: true } as const;

/** True when `text` holds a character a terminal must not receive (tabs and newlines are fine here). */
function needsEscapes(text: string): boolean {
  return escapeUnsafe(text, visibleEscape, keepLayout) !== text;
}

/** `value` as YAML (as `stringify(value, { lineWidth: 0 })`), every unsafe character escaped inside a
 * double-quoted scalar. */
export function yamlForTerminal(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    // Keys and values alike: only double quotes can carry escapes, so such scalars get them.
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && needsEscapes(node.value))
        node.type = 'QUOTE_DOUBLE';
    },
  });
  // Every unsafe character left is inside a double-quoted scalar, where `\x9b` or `\u202e` is an escape.
  return escapeUnsafe(doc.toString({ lineWidth: 0 }), visibleEscape, keepLayout);
}

/** `value` as JSON (`JSON.stringify(value, null, indent)`), unsafe characters written as `\u` escapes. */
export function jsonForTerminal(value: unknown, indent = 2): string {
  // JSON.stringify leaves only DEL, C1 and format characters raw, and only inside strings.
  return escapeUnsafe(JSON.stringify(value, null, indent), jsonEscape, keepLayout);
}
