/**
 * One dispatcher for every key: prompt first (it captures text), then the registry for the focused
 * pane. Handlers never compare raw keys; they are looked up by command id.
 */
import { selectTopScreen } from '../../state/selectors/detail.js';
import { selectFocus, setMessage } from '../../state/ui-actions.js';
import type { CommandContext, HandlerMap } from './context.js';
import { dispatchDialogKey } from './dialog.js';
import { typeText } from './prompt.js';
import { writeContext } from './targets.js';
import { chordOfChar } from '../keys/chord.js';
import { disabledReason } from '../keys/registry.js';

/** Handles one keypress: `chord` from chordFromInk, `input` the raw text Ink delivered. */
export function dispatchKey(
  chord: string | undefined,
  input: string,
  ctx: CommandContext,
  handlers: HandlerMap,
): void {
  if (chord === undefined && [...input].length > 1 && !input.includes('\x1b')) {
    // Ink hands several keys that arrived in one read (fast typing over SSH, tmux send-keys, a
    // paste) to us as one string: each character is its own keypress, Enter and Tab included.
    for (const ch of input) dispatchKey(chordOfChar(ch), ch, ctx, handlers);
    return;
  }
  const state = ctx.store.getState();
  if (state.ui.message) ctx.store.setState((s) => setMessage(s, undefined));
  if (state.ui.prompt) {
    const spec = chord === undefined ? undefined : ctx.registry.resolve(chord, 'prompt');
    if (spec) handlers[spec.id]?.(ctx);
    else if (chord === undefined || chord === 'space' || [...chord].length === 1)
      typeText(ctx, chord === 'space' ? ' ' : input);
    return;
  }
  if (state.ui.dialog) return dispatchDialogKey(state.ui.dialog, chord, input, ctx, handlers);
  if (chord === undefined) return;
  const spec = ctx.registry.resolve(chord, { screen: selectTopScreen(state).id, pane: selectFocus(state) });
  if (!spec) return;
  const reason = disabledReason(spec, writeContext(state));
  const say = (text: string): void => ctx.store.setState((s) => setMessage(s, { text, severity: 'warning' }));
  if (reason !== undefined) return say(`${spec.description}: disabled (${reason})`);
  const handler = handlers[spec.id];
  if (!handler) return say(`${spec.id}: not available in this version`);
  handler(ctx);
}
