/** Untrusted text made safe for a terminal: characters a terminal would act on, or that hide or reorder
 * what is shown, become visible escapes such as `\x1b` or `\u202e`.
 *
 * Text from Git (commit subjects, authors, paths), from clusters (names, events, termination messages,
 * API error bodies) and from Helm or Kustomize can carry escape sequences that write the clipboard
 * (OSC 52), plant hyperlinks (OSC 8), retitle the window, clear the screen or move the cursor to hide
 * output. Every character such an attack needs is escaped here:
 *   - C0 controls U+0000–U+001F (with tab, newline and carriage return), DEL U+007F, C1 U+0080–U+009F;
 *   - bidirectional controls: U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069;
 *   - invisible characters that can hide text: U+200B, U+2028–U+2029, U+2060–U+2064, U+FEFF,
 *     U+FFF9–U+FFFB, and lone UTF-16 surrogates.
 * Zero-width joiners (U+200C, U+200D) stay: emoji and several scripts need them.
 * Tabs are escaped too (`\t`): a terminal moves to the next tab stop, which breaks column alignment
 * and Ink's width arithmetic, so a tab is shown rather than expanded.
 * Backslashes are not doubled: the result is for people to read, not to parse back.
 */

/** True for a UTF-16 code unit the terminal must never receive from untrusted text (surrogates apart). */
function isUnsafeUnit(c: number): boolean {
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  if (c < 0x061c) return false;
  return (
    c === 0x061c ||
    (c >= 0x200b && c <= 0x200f && c !== 0x200c && c !== 0x200d) ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff ||
    (c >= 0xfff9 && c <= 0xfffb)
  );
}

/** Every code unit `escapeUnsafe` may have to look at closely: a superset of the unsafe ones (joiners and
 * surrogate pairs included), so text without any is returned at once. A plain character class: no
 * backtracking, whatever the input. */
const SUSPECT =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]/;

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** How an unsafe code unit is written: its escape text. */
type Escaper = (code: number) => string;

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

const named: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };
/** Escapes of the code units below 0x100, computed once: text full of controls must not cost a format each. */
const byteEscapes = Array.from({ length: 0x100 }, (_, c) => named[c] ?? `\\x${hex(c, 2)}`);

/** `\t`, `\n`, `\r`, else `\x1b` below 0x100 and `\u202e` above: readable, and valid in YAML double quotes. */
export const visibleEscape: Escaper = (code) => byteEscapes[code] ?? `\\u${hex(code, 4)}`;

/** `\u001b` always: the form JSON strings accept. */
export const jsonEscape: Escaper = (code) => `\\u${hex(code, 4)}`;

/** Which otherwise-unsafe characters a caller lets through unchanged. */
interface KeepOptions {
  /** Keep `\n` (for text the caller prints as several lines). */
  newline?: boolean;
  /** Keep `\t` (for documents such as YAML where a tab is content). */
  tab?: boolean;
}

/** Replaces every unsafe character of `text` with `escape(code)`; one pass, linear in the length. */
export function escapeUnsafe(text: string, escape: Escaper = visibleEscape, keep: KeepOptions = {}): string {
  if (!SUSPECT.test(text)) return text;
  let out = '';
  let start = 0; // first code unit not yet copied to `out`
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHighSurrogate(c) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      i++; // a well-formed pair: an astral character, always printable here
      continue;
    }
    const unsafe =
      isHighSurrogate(c) || isLowSurrogate(c)
        ? true
        : c === 0x0a
          ? keep.newline !== true
          : c === 0x09
            ? keep.tab !== true
            : isUnsafeUnit(c);
    if (!unsafe) continue;
    out += text.slice(start, i) + escape(c);
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/** One line of untrusted text, safe to print: newlines and every other control shown as escapes. */
export function terminalSafe(text: string): string {
  return escapeUnsafe(text, visibleEscape);
}

/** Several lines of untrusted text, safe to print: each line made safe, the newlines kept (`\r\n` too,
 * as a plain newline). */
export function terminalSafeLines(text: string): string {
  return text.split(/\r?\n/).map(terminalSafe).join('\n');
}

/** `value` with every string in it (object keys too) made safe with `terminalSafe`; other values are
 * kept. Plain data only (what crosses a worker boundary): arrays and plain objects are copied. */
export function terminalSafeDeep<T>(value: T): T {
  return deep(value) as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function deep(value: unknown): unknown {
  if (typeof value === 'string') return terminalSafe(value);
  if (Array.isArray(value)) return value.map(deep);
  if (!isPlainObject(value)) return value;
  // fromEntries defines each key as an own property, so even a key named __proto__ stays data.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [terminalSafe(k), deep(v)]));
}

/** Folds multi-line text onto one line, each line trimmed, in linear time (a `\s*\n\s*` regex is
 * quadratic on long runs of spaces, and this text comes from outside). */
export function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
