/**
 * Key chords: the one textual form of a key used by the registry, the keys.yaml file and the docs
 * (`j`, `G`, `/`, `space`, `enter`, `escape`, `tab`, `shift+tab`, `pagedown`, `ctrl+r`).
 */
import type { Key } from 'ink';

const NAMED = [
  'up',
  'down',
  'left',
  'right',
  'pageup',
  'pagedown',
  'home',
  'end',
  'enter',
  'escape',
  'tab',
  'backspace',
  'delete',
  'space',
] as const;

/** Names accepted in keys.yaml for the named keys (lower-cased before lookup). */
const ALIASES: Record<string, string> = {
  esc: 'escape',
  return: 'enter',
  pgup: 'pageup',
  pgdn: 'pagedown',
  pgdown: 'pagedown',
  arrowup: 'up',
  arrowdown: 'down',
  arrowleft: 'left',
  arrowright: 'right',
  bs: 'backspace',
  del: 'delete',
};

/** A parsed chord, or why the text is not one. */
type ParsedChord = { ok: true; chord: string } | { ok: false; error: string };

/** Parses a key as written by a user into its canonical chord (`Ctrl-R` → `ctrl+r`). */
export function parseChord(text: string): ParsedChord {
  if (text === ' ') return { ok: true, chord: 'space' };
  const raw = text.trim();
  if (raw === '') return { ok: false, error: 'empty key' };
  if ([...raw].length === 1) return { ok: true, chord: raw };
  const m = /^(ctrl|c|shift|s|meta|alt|m)[+-](.+)$/i.exec(raw);
  if (m) {
    const mod = (m[1] as string).toLowerCase();
    const rest = m[2] as string;
    if (mod === 'ctrl' || mod === 'c') {
      if (/^[a-z]$/i.test(rest)) return { ok: true, chord: `ctrl+${rest.toLowerCase()}` };
      return { ok: false, error: `"${text}": ctrl combines with a letter only` };
    }
    if (mod === 'shift' || mod === 's') {
      if (rest.toLowerCase() === 'tab') return { ok: true, chord: 'shift+tab' };
      if (/^[a-z]$/i.test(rest)) return { ok: true, chord: rest.toUpperCase() };
      return { ok: false, error: `"${text}": shift combines with tab or a letter only` };
    }
    if (/^[a-z]$/i.test(rest)) return { ok: true, chord: `meta+${rest.toLowerCase()}` };
    return { ok: false, error: `"${text}": meta/alt combines with a letter only` };
  }
  const lower = raw.toLowerCase();
  const name = ALIASES[lower] ?? lower;
  if ((NAMED as readonly string[]).includes(name)) return { ok: true, chord: name };
  return {
    ok: false,
    error: `"${text}" is not a key (examples: j, G, /, space, enter, escape, tab, shift+tab, pagedown, ctrl+r)`,
  };
}

/** The chord of a keypress as Ink reports it; undefined for pastes and keys flotilla does not bind. */
export function chordFromInk(input: string, key: Key): string | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift+tab' : 'tab';
  // Terminals send DEL (0x7f) for the Backspace key; Ink names it "delete".
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && /^[a-z]$/i.test(input)) return `ctrl+${input.toLowerCase()}`;
  if (key.meta && /^[a-z]$/i.test(input)) return `meta+${input.toLowerCase()}`;
  if (input === ' ') return 'space';
  if ([...input].length === 1) return input;
  return undefined;
}

/** The chord of one character taken from a multi-key read (Enter, Tab, Backspace, Ctrl-letter, Space). */
export function chordOfChar(ch: string): string {
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\t') return 'tab';
  if (ch === '\u007f' || ch === '\b') return 'backspace';
  if (ch === ' ') return 'space';
  const code = ch.charCodeAt(0);
  if (code >= 1 && code <= 26) return `ctrl+${String.fromCharCode(code + 96)}`;
  return ch;
}

const DISPLAY_UNICODE: Record<string, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  'shift+tab': 'S-Tab',
  backspace: 'Bksp',
  delete: 'Del',
  space: 'Space',
};

const DISPLAY_ASCII: Record<string, string> = {
  ...DISPLAY_UNICODE,
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
};

/** How a chord is shown in the footer, help and docs (`ctrl+r` → `Ctrl-r`). */
export function displayChord(chord: string, ascii = false): string {
  const named = (ascii ? DISPLAY_ASCII : DISPLAY_UNICODE)[chord];
  if (named) return named;
  if (chord.startsWith('ctrl+')) return `Ctrl-${chord.slice(5)}`;
  if (chord.startsWith('meta+')) return `Alt-${chord.slice(5)}`;
  return chord;
}
