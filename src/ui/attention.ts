/**
 * Push attention: when a new danger or warning alert arrives, ring the terminal bell or send an
 * OSC 9 desktop notification (iTerm2, kitty, WezTerm, Windows Terminal…), as configured.
 */
import type { FlotillaStore } from '../state/store.js';
import type { Alert } from '../state/types.js';

/** How to notify: not at all, BEL, or OSC 9 with the alert text. */
export type NotifyMode = 'off' | 'bell' | 'osc9';

/** Options of the notifier. */
interface NotifierOptions {
  mode: NotifyMode;
  /** Writes raw bytes to the terminal (stdout). */
  write(data: string): void;
}

/** At most this many OSC 9 notifications per store update, so a burst does not flood the desktop. */
const MAX_NOTIFICATIONS_PER_UPDATE = 3;

/** The OSC 9 sequence for a text, with control characters removed so the text cannot end the sequence. */
export function osc9(text: string): string {
  const clean = [...text].map((ch) => (ch < ' ' || ch === '\u007f' ? ' ' : ch)).join('');
  return `\x1b]9;${clean}\x07`;
}

/** Subscribes to the store; returns the unsubscribe function. Alerts present at start are not announced. */
export function createAttentionNotifier(store: FlotillaStore, options: NotifierOptions): () => void {
  if (options.mode === 'off') return () => {};
  const seen = new Set(store.getState().alerts.map((a) => a.id));
  let last = store.getState().alerts;
  return store.subscribe((state) => {
    if (state.alerts === last) return;
    last = state.alerts;
    const fresh: Alert[] = state.alerts.filter((a) => !seen.has(a.id));
    for (const a of fresh) seen.add(a.id);
    const loud = fresh.filter((a) => a.severity !== 'info');
    if (loud.length === 0) return;
    if (options.mode === 'bell') options.write('\x07');
    else
      for (const a of loud.slice(-MAX_NOTIFICATIONS_PER_UPDATE)) options.write(osc9(`flotilla: ${a.text}`));
  });
}
