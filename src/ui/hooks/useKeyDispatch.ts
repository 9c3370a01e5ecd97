/** Connects Ink's input to the dispatcher: one useInput for the whole app. */
import { useInput } from 'ink';
import { useRef } from 'react';
import type { CommandContext, HandlerMap } from '../commands/context.js';
import { chordFromInk } from '../keys/chord.js';
import { dispatchKey } from '../commands/dispatch.js';

/** Subscribes once; the latest context and handlers are read through refs so no keypress is lost on re-render. */
export function useKeyDispatch(ctx: CommandContext, handlers: HandlerMap): void {
  const ref = useRef({ ctx, handlers });
  ref.current = { ctx, handlers };
  useInput((input, key) => {
    dispatchKey(chordFromInk(input, key), input, ref.current.ctx, ref.current.handlers);
  });
}
