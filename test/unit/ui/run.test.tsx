import { EventEmitter } from 'node:events';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ENTER_SEQUENCE, LEAVE_SEQUENCE } from '../../../src/ui/terminal.js';
import { createDefaultRegistry } from '../../../src/ui/keys/default-registry.js';
import { runTui } from '../../../src/ui/run.js';
import { KEY, fixtureStore, recordingIntents, tick } from './helpers.js';

/** A TTY-like stdout that records what is written. */
class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  text = '';
  write(data: string | Uint8Array): boolean {
    this.text += typeof data === 'string' ? data : Buffer.from(data).toString();
    return true;
  }
}

/** A stdin Ink accepts in raw mode (the shape ink-testing-library uses). */
class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  setRawMode(): void {}
  setEncoding(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  press(data: string): void {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
}

/** Polls until `condition` holds; fails with `what` after two seconds. */
async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  const end = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(10);
  }
}

class FakeProcess extends EventEmitter {
  exit(): void {}
}

describe('runTui', () => {
  it('runs in the alternate screen, reports config problems on screen, quits on Ctrl-c and restores the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-ui-'));
    mkdirSync(join(dir, 'themes'));
    writeFileSync(join(dir, 'keys.yaml'), 'nav.dwn: x\n');
    const stdout = new FakeTty();
    const stdin = new FakeStdin();
    const store = fixtureStore();
    const { intents, calls } = recordingIntents();
    const run = runTui({
      store,
      intents,
      theme: 'nope',
      keys: join(dir, 'keys.yaml'),
      themesDir: join(dir, 'themes'),
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: stdout as unknown as NodeJS.WriteStream,
      env: { LANG: 'C.UTF-8' },
      process: new FakeProcess(),
    });
    await tick(100);
    expect(stdout.text.startsWith(ENTER_SEQUENCE)).toBe(true);
    const screen = stripVTControlCharacters(stdout.text);
    expect(screen).toContain('guestbook-staging');
    expect(screen).toContain('unknown command "nav.dwn"');
    expect(store.getState().ui.theme).toBe('default-dark');
    stdin.press(KEY.enter);
    await tick(50);
    expect(calls).toContainEqual(['requestAppDetail', 'prod-eu/billing']);
    stdin.press(KEY.ctrlC);
    const result = await run;
    expect(result.warnings[0]).toContain('unknown command "nav.dwn" (did you mean "nav.down"?)');
    expect(result.warnings.some((w) => w.startsWith('theme "nope": not found'))).toBe(true);
    expect(stdout.text.endsWith(LEAVE_SEQUENCE)).toBe(true);
  });

  it('with readOnly, marks the header read-only and disables mutating commands with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-ui-'));
    const stdout = new FakeTty();
    const stdin = new FakeStdin();
    const store = fixtureStore();
    // The real `s` (app.sync), its handler replaced by a counter.
    const registry = createDefaultRegistry();
    let synced = 0;
    const run = runTui({
      store,
      registry,
      handlers: { 'app.sync': () => void synced++ },
      readOnly: true,
      keys: join(dir, 'keys.yaml'),
      themesDir: join(dir, 'themes'),
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: stdout as unknown as NodeJS.WriteStream,
      env: { LANG: 'C.UTF-8' },
      process: new FakeProcess(),
    });
    const screen = (): string => stripVTControlCharacters(stdout.text);
    await until(() => screen().includes('sync(off)'), 'the footer hint');
    expect(store.getState().ui.readOnly).toBe(true);
    expect(screen().split('\n')[0]).toMatch(/read-only .*\d+ clusters \d+ apps/);
    stdin.press('s');
    await until(
      () => screen().includes('Sync: plan, then confirm: disabled (read-only mode'),
      'the disabled message',
    );
    expect(synced).toBe(0);
    stdin.press(KEY.ctrlC);
    await run;
  });
});
