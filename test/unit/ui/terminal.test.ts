import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  ENTER_SEQUENCE,
  LEAVE_SEQUENCE,
  dropTrailingAdvance,
  enterFullscreen,
  frameGate,
} from '../../../src/ui/terminal.js';

class FakeProcess extends EventEmitter {
  exits: number[] = [];
  exit(code = 0): void {
    this.exits.push(code);
  }
}

function fakeOut(): { write(d: string): boolean; text: string } {
  const out = {
    text: '',
    write(d: string): boolean {
      out.text += d;
      return true;
    },
  };
  return out;
}

describe('alternate screen and restore', () => {
  it('enters the alternate screen and restores it once, on exit', () => {
    const out = fakeOut();
    const proc = new FakeProcess();
    const screen = enterFullscreen(out, proc);
    expect(out.text).toBe(ENTER_SEQUENCE);
    proc.emit('exit', 0);
    screen.restore();
    expect(out.text).toBe(ENTER_SEQUENCE + LEAVE_SEQUENCE);
    expect(proc.listenerCount('exit')).toBe(0);
    expect(LEAVE_SEQUENCE).toContain('\x1b[?25h'); // cursor back
    expect(LEAVE_SEQUENCE).toContain('\x1b[?1049l');
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ])('restores the terminal and exits on %s', (signal, code) => {
    const out = fakeOut();
    const proc = new FakeProcess();
    enterFullscreen(out, proc);
    proc.emit(signal);
    expect(out.text.endsWith(LEAVE_SEQUENCE)).toBe(true);
    expect(proc.exits).toEqual([code]);
  });

  it('restores the terminal before reporting an uncaught exception', () => {
    const out = fakeOut();
    const err = fakeOut();
    const proc = new FakeProcess();
    enterFullscreen(out, proc, err);
    proc.emit('uncaughtException', new Error('boom'));
    expect(out.text.endsWith(LEAVE_SEQUENCE)).toBe(true);
    expect(err.text).toMatch(/^flotilla: unexpected error: Error: boom/);
    expect(proc.exits).toEqual([1]);
  });
});

describe('frame gate (Ink 6.8 incremental-rendering workaround)', () => {
  it('drops the final line advance of a frame, nothing else', () => {
    expect(dropTrailingAdvance('a\nb\n')).toBe('a\nb');
    expect(dropTrailingAdvance('\x1b[2Aab\x1b[E')).toBe('\x1b[2Aab');
    expect(dropTrailingAdvance('\x07')).toBe('\x07');
  });

  it('delegates size, TTY and resize events to the real stream', () => {
    const real = Object.assign(new EventEmitter(), {
      columns: 120,
      rows: 40,
      isTTY: true,
      written: [] as string[],
    });
    (real as unknown as { write(d: string): boolean }).write = (d: string) => {
      real.written.push(d);
      return true;
    };
    const gate = frameGate(real as unknown as NodeJS.WriteStream);
    expect([gate.columns, gate.rows, gate.isTTY]).toEqual([120, 40, true]);
    let resized = 0;
    const onResize = (): void => {
      resized++;
    };
    gate.on('resize', onResize);
    real.emit('resize');
    gate.off('resize', onResize);
    real.emit('resize');
    expect(resized).toBe(1);
    gate.write('frame\n');
    expect(real.written).toEqual(['frame']);
  });

  it("turns Ink's own truncation mark into ASCII when the terminal is not UTF-8", () => {
    const written: string[] = [];
    const real = Object.assign(new EventEmitter(), { write: (d: string) => written.push(d) > 0 });
    frameGate(real as unknown as NodeJS.WriteStream, { ascii: true }).write('|a long na…|\n');
    expect(written).toEqual(['|a long na~|']);
  });
});
