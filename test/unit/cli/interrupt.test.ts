import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { EXIT_ON_SECOND_INTERRUPT, abortOnInterrupt } from '../../../src/cli/interrupt.js';

function setup() {
  const source = new EventEmitter();
  const controller = new AbortController();
  const exits: number[] = [];
  const notes: string[] = [];
  const stop = abortOnInterrupt(controller, {
    source,
    exit: (code) => exits.push(code),
    notify: (line) => notes.push(line),
  });
  return { source, controller, exits, notes, stop };
}

describe('abortOnInterrupt', () => {
  it('aborts the operation on the first Ctrl-C and exits on the second', () => {
    const { source, controller, exits, notes } = setup();
    source.emit('SIGINT');
    expect(controller.signal.aborted).toBe(true);
    expect(exits).toEqual([]);
    expect(notes[0]).toContain('stopping the operation');
    source.emit('SIGINT');
    expect(exits).toEqual([EXIT_ON_SECOND_INTERRUPT]);
  });

  it('stops listening when done', () => {
    const { source, controller, stop } = setup();
    stop();
    expect(source.listenerCount('SIGINT')).toBe(0);
    source.emit('SIGINT');
    expect(controller.signal.aborted).toBe(false);
  });
});
