/** The bottom-line prompt: typing, live filtering, completion, accept and cancel. */
import {
  closePrompt,
  filterListOfPane,
  selectFocus,
  setFilter,
  setPromptText,
} from '../../state/ui-actions.js';
import type { ViewModel } from '../../state/types.js';
import { complete, completionSource, runCommandLine } from './command-line.js';
import type { CommandContext, CommandHandler } from './context.js';

/** Sets the prompt text; a filter prompt filters the focused list as you type. */
function setText(ctx: CommandContext, text: string): void {
  ctx.store.setState((s) => {
    const next = setPromptText(s, text);
    return next.ui.prompt?.kind === 'filter'
      ? setFilter(next, filterListOfPane(selectFocus(next)), text)
      : next;
  });
}

/** Appends typed (or pasted) text, without control characters. */
export function typeText(ctx: CommandContext, input: string): void {
  const clean = [...input].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
  const prompt = ctx.store.getState().ui.prompt;
  if (!prompt || clean === '') return;
  setText(ctx, prompt.text + clean);
}

/** Enter. */
export const acceptPrompt: CommandHandler = (ctx) => {
  const prompt = ctx.store.getState().ui.prompt;
  ctx.store.setState(closePrompt);
  if (prompt?.kind === 'command') runCommandLine(prompt.text, ctx);
};

/** Esc: closes; a filter prompt clears the filter (k9s behaviour). */
export const cancelPrompt: CommandHandler = (ctx) => {
  const prompt = ctx.store.getState().ui.prompt;
  if (prompt?.kind === 'filter') setText(ctx, '');
  ctx.store.setState(closePrompt);
};

/** Backspace. */
export const erasePrompt: CommandHandler = (ctx) => {
  const text = ctx.store.getState().ui.prompt?.text ?? '';
  setText(ctx, [...text].slice(0, -1).join(''));
};

/** Ctrl-u. */
export const clearPrompt: CommandHandler = (ctx) => setText(ctx, '');

/** Tab on the command line. */
export const completePrompt: CommandHandler = (ctx) => {
  const state: ViewModel = ctx.store.getState();
  if (state.ui.prompt?.kind !== 'command') return;
  setText(ctx, complete(state.ui.prompt.text, completionSource(state, ctx.themes.names())));
};
