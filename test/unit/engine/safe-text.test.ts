/** terminalSafe and friends: untrusted text never reaches the terminal with a control character in it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneLine, terminalSafe, terminalSafeDeep, terminalSafeLines } from '../../../src/engine/safe-text.js';
import {
  C1_CLEAR,
  CLEAR,
  OSC52,
  OSC8,
  RLO,
  TITLE,
  UNSAFE_CHAR,
  UNSAFE_CHAR_IN_DOCUMENT,
  hasLoneSurrogate,
  hostileString,
} from '../../support/hostile-text.js';

describe('terminalSafe', () => {
  it.each([
    ['OSC 52 (clipboard)', `fix ${OSC52}typo`, 'fix \\x1b]52;c;ZWNobyBwd25lZA==\\x07typo'],
    ['OSC 8 (hyperlink)', OSC8, '\\x1b]8;;https://evil.example/\\x1b\\click me\\x1b]8;;\\x1b\\'],
    ['CSI 2J (clear screen)', `crashed${CLEAR}`, 'crashed\\x1b[2J'],
    ['OSC 0 (window title)', TITLE, '\\x1b]0;owned\\x07'],
    ['C1 CSI', C1_CLEAR, '\\x9b2J'],
    ['right-to-left override', `evil${RLO}txt.exe`, 'evil\\u202etxt.exe'],
    ['bidi isolate', 'a\u2066b\u2069', 'a\\u2066b\\u2069'],
    ['carriage return and backspace', 'ok\rFAIL\b', 'ok\\rFAIL\\x08'],
    ['newline and tab', 'one\ntwo\tthree', 'one\\ntwo\\tthree'],
    ['DEL and NUL', 'a\x7fb\x00', 'a\\x7fb\\x00'],
    ['zero-width space and BOM', 'pa\u200bss\ufeff', 'pa\\u200bss\\ufeff'],
    ['lone surrogates', 'x\ud800y\udc00', 'x\\ud800y\\udc00'],
  ])('shows %s as visible escapes', (_name, input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });

  it.each([
    ['plain ASCII', 'Deployment web: 1/3 available'],
    ['accents and CJK', 'café 日本語'],
    ['emoji with joiners', '👩‍👩‍👧 🇪🇺 😀'],
    ['Arabic and Hebrew without overrides', 'مرحبا שלום'],
  ])('leaves %s unchanged', (_name, input) => {
    expect(terminalSafe(input)).toBe(input);
  });

  it('never lets a control, C1, bidi or lone surrogate through, and never throws', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const out = terminalSafe(s);
        return !UNSAFE_CHAR.test(out) && !hasLoneSurrogate(out);
      }),
      { numRuns: 1000 },
    );
  });

  it('changes nothing in text that has no unsafe character', () => {
    const safeUnit = fc
      .string({ unit: 'grapheme', maxLength: 3 })
      .filter((s) => !UNSAFE_CHAR.test(s) && !hasLoneSurrogate(s));
    fc.assert(
      fc.property(fc.array(safeUnit, { maxLength: 20 }), (parts) => {
        const s = parts.join('');
        expect(terminalSafe(s)).toBe(s);
      }),
    );
  });

  it('handles long text in one pass: a run of 200,000 escapes, and a long line ending in one', () => {
    expect(terminalSafe('\x1b'.repeat(200_000)).length).toBe(800_000);
    const long = 'a'.repeat(199_999);
    expect(terminalSafe(`${long}\x1b`) === `${long}\\x1b`).toBe(true);
  });
});

describe('terminalSafeLines', () => {
  it('keeps newlines (CRLF becomes a newline) and escapes everything else on each line', () => {
    expect(terminalSafeLines(`Error: back-off\r\nlast state:${CLEAR}\n\tat main`)).toBe(
      'Error: back-off\nlast state:\\x1b[2J\n\\tat main',
    );
  });

  it('never lets a control other than newline through', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const out = terminalSafeLines(s);
        expect(out).not.toMatch(UNSAFE_CHAR_IN_DOCUMENT);
        expect(out).not.toContain('\t');
        expect(out.split('\n').length).toBe(s.split(/\r?\n/).length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('terminalSafeDeep', () => {
  it('makes every string safe, keys included, and keeps numbers, booleans and null', () => {
    const out = terminalSafeDeep({
      name: `web${OSC8}`,
      count: 3,
      ok: true,
      none: null,
      labels: { [`k${RLO}`]: CLEAR },
      lines: ['a', `b${TITLE}`],
    });
    expect(out).toEqual({
      name: 'web\\x1b]8;;https://evil.example/\\x1b\\click me\\x1b]8;;\\x1b\\',
      count: 3,
      ok: true,
      none: null,
      labels: { 'k\\u202e': '\\x1b[2J' },
      lines: ['a', 'b\\x1b]0;owned\\x07'],
    });
  });

  it('keeps a key named __proto__ as data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "\\u001b"}}') as unknown;
    const out = terminalSafeDeep(value) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":"\\\\x1b"}}');
  });

  it('leaves no unsafe string anywhere in arbitrary nested data', () => {
    const leaf = fc.oneof(hostileString(12), fc.integer(), fc.boolean(), fc.constant(null));
    const data = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(hostileString(6), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(data, (value) => {
        for (const text of stringsIn(terminalSafeDeep(value))) {
          expect(text).not.toMatch(UNSAFE_CHAR);
          expect(hasLoneSurrogate(text)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Every string in plain data: object keys and string values. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
}

describe('oneLine', () => {
  it('joins trimmed lines with one space and drops blank ones', () => {
    expect(oneLine('  back-off  \n\n  restarting failed container \n')).toBe(
      'back-off restarting failed container',
    );
    expect(oneLine('single')).toBe('single');
  });

  it('keeps a long run of spaces without a newline as it is', () => {
    const spaces = ' '.repeat(200_000);
    expect(oneLine(`a${spaces}b`)).toBe(`a${spaces}b`);
  });
});
