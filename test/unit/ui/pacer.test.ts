import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { applyPatch, createFlotillaStore } from '../../../src/state/index.js';
import { setMessage } from '../../../src/state/ui-actions.js';
import { createFramePacer, createPacedStore } from '../../../src/ui/terminal.js';

// Fake timers drive Date.now and setTimeout; the pacer gets them injected.
const timers = {
  now: () => Date.now(),
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('frame pacer', () => {
  it('draws an input frame at once, even right after another frame', () => {
    const draw = vi.fn();
    const pacer = createFramePacer(draw, { intervalMs: 67, timers });
    pacer.input();
    vi.advanceTimersByTime(5);
    pacer.input();
    expect(draw).toHaveBeenCalledTimes(2);
  });

  it('coalesces engine changes into one frame per interval, never drawn inside the reporting call', () => {
    const draw = vi.fn();
    const pacer = createFramePacer(draw, { intervalMs: 67, timers });
    pacer.engine();
    expect(draw).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(draw).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 10; i++) {
      pacer.engine();
      vi.advanceTimersByTime(5);
    }
    // 50 ms after the first frame: the burst waits for the end of the interval, then draws once.
    expect(draw).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(17);
    expect(draw).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(500);
    expect(draw).toHaveBeenCalledTimes(2);
  });

  it('an input frame takes a pending engine frame with it, and the engine waits an interval after it', () => {
    const draw = vi.fn();
    const pacer = createFramePacer(draw, { intervalMs: 67, timers });
    pacer.input();
    pacer.engine();
    vi.advanceTimersByTime(30);
    pacer.input();
    expect(draw).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(200);
    expect(draw).toHaveBeenCalledTimes(2);
    pacer.engine();
    vi.advanceTimersByTime(0);
    expect(draw).toHaveBeenCalledTimes(3);
  });

  it('draws nothing after dispose', () => {
    const draw = vi.fn();
    const pacer = createFramePacer(draw, { intervalMs: 67, timers });
    pacer.engine();
    pacer.dispose();
    vi.advanceTimersByTime(100);
    expect(draw).not.toHaveBeenCalled();
  });
});

describe('paced store', () => {
  it("shows a command's write at once and the engine's after the interval", () => {
    const store = createFlotillaStore();
    const paced = createPacedStore(store, { intervalMs: 67, timers });
    const seen = vi.fn();
    paced.view.subscribe(seen);

    paced.ui.setState((s) => setMessage(s, { text: 'hello', severity: 'info' }));
    expect(seen).toHaveBeenCalledTimes(1);
    expect(paced.view.getState().ui.message?.text).toBe('hello');

    applyPatch(store, { kind: 'readOnly', readOnly: true });
    expect(paced.view.getState().ui.readOnly).toBe(false);
    // Commands read the live store, never the last frame.
    expect(paced.ui.getState().ui.readOnly).toBe(true);
    vi.advanceTimersByTime(66);
    expect(paced.view.getState().ui.readOnly).toBe(false);
    vi.advanceTimersByTime(1);
    expect(paced.view.getState().ui.readOnly).toBe(true);
    expect(seen).toHaveBeenCalledTimes(2);
    paced.dispose();
  });

  it('a key handled during an engine burst shows the engine changes too, in its own frame', () => {
    const store = createFlotillaStore();
    const paced = createPacedStore(store, { intervalMs: 67, timers });
    paced.ui.setState((s) => setMessage(s, { text: 'first', severity: 'info' }));
    applyPatch(store, { kind: 'readOnly', readOnly: true });
    paced.ui.setState((s) => setMessage(s, { text: 'second', severity: 'info' }));
    expect(paced.view.getState().ui.readOnly).toBe(true);
    expect(paced.view.getState().ui.message?.text).toBe('second');
    paced.dispose();
  });

  it('stops following the store when disposed', () => {
    const store = createFlotillaStore();
    const paced = createPacedStore(store, { intervalMs: 67, timers });
    paced.dispose();
    applyPatch(store, { kind: 'readOnly', readOnly: true });
    vi.advanceTimersByTime(1000);
    expect(paced.view.getState().ui.readOnly).toBe(false);
  });
});
