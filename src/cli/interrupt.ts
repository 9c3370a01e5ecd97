/** Ctrl-C during an operation: the first stops it cleanly through an AbortSignal (the engine fails the
 * operation and deletes running hooks), a second exits at once. */

/** Where interrupts come from; `process` in the command, an EventEmitter in tests. */
export interface InterruptSource {
  on(event: 'SIGINT', listener: () => void): unknown;
  off(event: 'SIGINT', listener: () => void): unknown;
}

/** Exit status of a second Ctrl-C, as shells report a process ended by SIGINT. */
export const EXIT_ON_SECOND_INTERRUPT = 130;

/** Aborts `controller` on the first SIGINT and calls `exit` on the second; returns the function that stops
 * listening. `notify` gets one line for each, telling the user what happens. */
export function abortOnInterrupt(
  controller: AbortController,
  opts: { source: InterruptSource; exit: (code: number) => void; notify: (line: string) => void },
): () => void {
  const listener = (): void => {
    if (!controller.signal.aborted) {
      opts.notify(
        'interrupted: stopping the operation (running hooks are deleted); Ctrl-C again exits at once',
      );
      controller.abort();
      return;
    }
    opts.notify('exiting at once: the operation may show Running until its lock expires');
    opts.exit(EXIT_ON_SECOND_INTERRUPT);
  };
  opts.source.on('SIGINT', listener);
  return () => void opts.source.off('SIGINT', listener);
}
