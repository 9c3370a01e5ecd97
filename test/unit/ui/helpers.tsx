/** Shared test utilities for Ink panes: a fixed-size App, recording intents, key presses, frame polling. */
import { render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import { applyPatch } from '../../../src/state/patch.js';
import { createFlotillaStore } from '../../../src/state/store.js';
import type { FlotillaStore } from '../../../src/state/store.js';
import type { Intents } from '../../../src/state/intents.js';
import { App } from '../../../src/ui/App.js';
import { ACTION_HANDLERS } from '../../../src/ui/commands/actions.js';
import { BUILTIN_HANDLERS } from '../../../src/ui/commands/builtin.js';
import type { HandlerMap } from '../../../src/ui/commands/context.js';
import type { Clock } from '../../../src/ui/context.js';
import { UNICODE_GLYPHS } from '../../../src/ui/glyphs.js';
import type { Glyphs } from '../../../src/ui/glyphs.js';
import { createDefaultRegistry } from '../../../src/ui/keys/default-registry.js';
import type { CommandRegistry } from '../../../src/ui/keys/registry.js';
import { ThemeCatalog } from '../../../src/ui/themes/loader.js';
import { NOW, apps, clusters } from '../../fixtures/ui/fleet.js';

/** Key sequences as a terminal sends them. */
export const KEY = {
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageUp: '\u001B[5~',
  pageDown: '\u001B[6~',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

/** One recorded intent call. */
export type IntentCall = [keyof Intents, ...unknown[]];

/** Intents that record every call so a test can assert which intents a key sent. */
export function recordingIntents(): { intents: Intents; calls: IntentCall[] } {
  const calls: IntentCall[] = [];
  const record =
    (name: keyof Intents) =>
    (...args: unknown[]): void => {
      calls.push([name, ...args]);
    };
  const intents: Intents = {
    requestAppDetail: record('requestAppDetail'),
    releaseAppDetail: record('releaseAppDetail'),
    requestChildren: record('requestChildren'),
    requestDiff: record('requestDiff'),
    requestCommits: record('requestCommits'),
    refresh: record('refresh'),
    planSync: record('planSync'),
    sync: record('sync'),
    rollback: record('rollback'),
    terminate: record('terminate'),
    setAutoSync: record('setAutoSync'),
    requestHistory: record('requestHistory'),
    requestHistoryDiff: record('requestHistoryDiff'),
    followOperation: record('followOperation'),
    releaseOperation: record('releaseOperation'),
    requestActionLog: record('requestActionLog'),
    rollout: record('rollout'),
  };
  return { intents, calls };
}

/** A store with the fixture fleet (3 clusters, 5 apps). */
export function fixtureStore(): FlotillaStore {
  const store = createFlotillaStore();
  applyPatch(store, [
    { kind: 'clusters', upsert: clusters },
    { kind: 'apps', upsert: apps },
  ]);
  return store;
}

/** Options of renderApp. */
export interface RenderAppOptions {
  store?: FlotillaStore;
  columns?: number;
  rows?: number;
  registry?: CommandRegistry;
  handlers?: HandlerMap;
  themes?: ThemeCatalog;
  glyphs?: Glyphs;
  clock?: Clock;
}

/** Renders the whole App at a fixed size (ink-testing-library's stdout has no rows). */
export function renderApp(options: RenderAppOptions = {}) {
  const store = options.store ?? fixtureStore();
  const { intents, calls } = recordingIntents();
  let quits = 0;
  const r = render(
    <App
      store={store}
      intents={intents}
      registry={options.registry ?? createDefaultRegistry()}
      handlers={options.handlers ?? { ...BUILTIN_HANDLERS, ...ACTION_HANDLERS }}
      themes={options.themes ?? new ThemeCatalog()}
      glyphs={options.glyphs ?? UNICODE_GLYPHS}
      clock={options.clock ?? { now: () => NOW, tickMs: 0 }}
      size={{ columns: options.columns ?? 100, rows: options.rows ?? 30 }}
      onQuit={() => quits++}
    />,
  );
  widenFakeStdout(r.stdout, options.columns ?? 100);
  const frame = (): string => stripVTControlCharacters(r.lastFrame() ?? '');
  return {
    ...r,
    store,
    calls,
    quits: () => quits,
    frame,
    /** Presses keys one by one, waiting for Ink to process each (a lone Escape needs ~20 ms). */
    async press(...keys: string[]): Promise<void> {
      for (const k of keys) {
        r.stdin.write(k);
        await tick(k === KEY.escape ? 30 : 5);
      }
    },
    /** Types text one character at a time. */
    async type(text: string): Promise<void> {
      for (const ch of text) {
        r.stdin.write(ch);
        await tick(5);
      }
    },
    /** Polls the frame until `predicate` holds; throws with the last frame on timeout. */
    async waitFor(predicate: (frame: string) => boolean, timeoutMs = 2000): Promise<string> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const f = frame();
        if (predicate(f)) return f;
        if (Date.now() > end) throw new Error(`frame never matched; last frame:\n${f}`);
        await tick(10);
      }
    },
  };
}

/**
 * ink-testing-library's fake stdout is 100 columns wide, and Ink clips its output to that width;
 * wider layouts get a wider fake terminal (Ink re-lays out on 'resize').
 */
function widenFakeStdout(stdout: NodeJS.EventEmitter, columns: number): void {
  if (columns <= 100) return;
  Object.defineProperty(stdout, 'columns', { get: () => columns, configurable: true });
  stdout.emit('resize');
}

/** Waits `ms` of real time (also lets useInput subscribe after render). */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Lines of a frame. */
export function lines(frame: string): string[] {
  return frame.split('\n');
}

/** The row of a frame that carries the cursor glyph. */
export function cursorRow(frame: string): string | undefined {
  return lines(frame).find((l) => l.includes(`${UNICODE_GLYPHS.cursor} `));
}
