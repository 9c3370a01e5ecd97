/** Text that would make a terminal act if it were printed raw, for tests that prove it never is. */
import fc from 'fast-check';

/** OSC 52: writes "echo pwned" to the user's clipboard. */
export const OSC52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07';
/** OSC 8: a hyperlink whose visible text hides its target. */
export const OSC8 = '\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\';
/** CSI 2J: clears the screen. */
export const CLEAR = '\x1b[2J';
/** OSC 0: sets the window title. */
export const TITLE = '\x1b]0;owned\x07';
/** The single-byte C1 form of CSI, then "2J". */
export const C1_CLEAR = '\x9b2J';
/** Right-to-left override: reverses what follows on screen. */
export const RLO = '\u202e';

/** Characters a terminal must never receive from untrusted text: C0 (tab and newline included),
 * DEL, C1, bidirectional controls and invisible format characters. */
export const UNSAFE_CHAR =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/;

/** The same, with tab and newline allowed (layout in a multi-line document). */
export const UNSAFE_CHAR_IN_DOCUMENT =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/;

/** True when `text` holds a UTF-16 surrogate that is not half of a pair. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** Strings mixing printable text, whole escape sequences and single code units of every kind
 * (controls, C1, bidi, surrogate halves, astral characters). */
export function hostileString(maxLength = 40): fc.Arbitrary<string> {
  const unit = fc.oneof(
    fc.constantFrom(OSC52, OSC8, CLEAR, TITLE, C1_CLEAR, RLO, '\r', '\b', '\t', '\n', '\r\n', '😀', 'é'),
    fc.integer({ min: 0, max: 0xa0 }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0x2000, max: 0x206f }).map((c) => String.fromCharCode(c)),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  return fc.array(unit, { maxLength }).map((parts) => parts.join(''));
}
