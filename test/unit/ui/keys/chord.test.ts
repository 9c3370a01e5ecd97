import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { chordFromInk, displayChord, parseChord } from '../../../../src/ui/keys/chord.js';

const key = (over: Partial<Key> = {}): Key =>
  ({
    upArrow: false,
    downArrow: false,
    leftArrow: false,
    rightArrow: false,
    pageDown: false,
    pageUp: false,
    home: false,
    end: false,
    return: false,
    escape: false,
    ctrl: false,
    shift: false,
    tab: false,
    backspace: false,
    delete: false,
    meta: false,
    super: false,
    hyper: false,
    capsLock: false,
    numLock: false,
    ...over,
  }) as Key;

describe('chords', () => {
  it('parses keys as users write them', () => {
    expect(parseChord('j')).toEqual({ ok: true, chord: 'j' });
    expect(parseChord('Ctrl-R')).toEqual({ ok: true, chord: 'ctrl+r' });
    expect(parseChord('shift+tab')).toEqual({ ok: true, chord: 'shift+tab' });
    expect(parseChord('PgDn')).toEqual({ ok: true, chord: 'pagedown' });
    expect(parseChord(' ')).toEqual({ ok: true, chord: 'space' });
    expect(parseChord('ctrl+1').ok).toBe(false);
    expect(parseChord('hyperdrive').ok).toBe(false);
  });

  it('turns Ink keypresses into chords', () => {
    expect(chordFromInk('j', key())).toBe('j');
    expect(chordFromInk('G', key({ shift: true }))).toBe('G');
    expect(chordFromInk('', key({ downArrow: true }))).toBe('down');
    expect(chordFromInk('c', key({ ctrl: true }))).toBe('ctrl+c');
    expect(chordFromInk('', key({ tab: true, shift: true }))).toBe('shift+tab');
    expect(chordFromInk('', key({ delete: true }))).toBe('backspace');
    expect(chordFromInk(' ', key())).toBe('space');
    expect(chordFromInk('pasted text', key())).toBeUndefined();
  });

  it('displays chords for hints, help and docs', () => {
    expect(displayChord('ctrl+c')).toBe('Ctrl-c');
    expect(displayChord('down')).toBe('↓');
    expect(displayChord('down', true)).toBe('Down');
    expect(displayChord('escape')).toBe('Esc');
  });
});
