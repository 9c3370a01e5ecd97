/**
 * `runTui`: what `flotilla` (no arguments) calls once the engine bridge feeds the store. It loads
 * key overrides and the theme (problems become a message, never a crash), enters the alternate
 * screen, renders with the settings Ink 6.8 needs to stay smooth over SSH, and restores the terminal.
 */
import { render } from 'ink';
import type { ReactNode } from 'react';
import { noopIntents } from '../state/intents.js';
import type { Intents } from '../state/intents.js';
import { applyPatch } from '../state/patch.js';
import type { FlotillaStore } from '../state/store.js';
import { setMessage, setThemeName } from '../state/ui-actions.js';
import { App } from './App.js';
import type { AppProps } from './App.js';
import { createAttentionNotifier } from './attention.js';
import type { NotifyMode } from './attention.js';
import { ACTION_HANDLERS } from './commands/actions.js';
import { BUILTIN_HANDLERS } from './commands/builtin.js';
import type { HandlerMap } from './commands/context.js';
import { flotillaConfigDir, keysFile, userThemesDir } from './config-paths.js';
import { chooseGlyphs } from './glyphs.js';
import { useTerminalSize } from './hooks/useTerminalSize.js';
import type { SizedStream } from './hooks/useTerminalSize.js';
import { createDefaultRegistry } from './keys/default-registry.js';
import { loadKeyOverrides } from './keys/overrides.js';
import type { CommandRegistry } from './keys/registry.js';
import { CLEAR_SEQUENCE, createPacedStore, enterFullscreen, frameGate } from './terminal.js';
import type { GuardedProcess } from './terminal.js';
import { ThemeCatalog, initialThemeName } from './themes/loader.js';

/**
 * At most this many frames per second for engine updates (the bridge already coalesces them per
 * 100 ms); a key is answered at once, whatever the engine sends.
 */
const ENGINE_FPS = 15;

/** Options of runTui; everything but `store` has a default. */
interface RunTuiOptions {
  store: FlotillaStore;
  intents?: Intents;
  /** `--theme NAME`. */
  theme?: string;
  /** Path of keys.yaml (default `$XDG_CONFIG_HOME/flotilla/keys.yaml`). */
  keys?: string;
  /** User themes directory (default `$XDG_CONFIG_HOME/flotilla/themes`). */
  themesDir?: string;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  /** `--ascii`: no UTF-8 glyphs whatever the locale says. */
  ascii?: boolean;
  /** Bell or OSC 9 notification on new alerts (default off). */
  notify?: NotifyMode;
  /** `--readonly` (or `readOnly` in the fleet settings): the header says so, mutating commands are disabled. */
  readOnly?: boolean;
  /** The acting side passes a registry extended with its commands, and their handlers. */
  registry?: CommandRegistry;
  handlers?: HandlerMap;
  /** Injectable for tests; defaults to `process`. */
  process?: GuardedProcess;
}

/** What happened while starting, for the caller to log (the UI shows them too). */
interface TuiResult {
  warnings: string[];
}

/** Runs the TUI until the user quits; resolves after the terminal is restored. */
export async function runTui(options: RunTuiOptions): Promise<TuiResult> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const stderr = options.stderr ?? process.stderr;
  const configDir = flotillaConfigDir(env);
  const { store } = options;

  const keys = loadKeyOverrides(
    options.registry ?? createDefaultRegistry(),
    options.keys ?? keysFile(configDir),
  );
  const themes = new ThemeCatalog({ userDir: options.themesDir ?? userThemesDir(configDir) });
  const loaded = themes.load(initialThemeName(options.theme, env));
  const warnings = [...keys.errors, ...loaded.errors];
  store.setState((s) => setThemeName(s, loaded.theme.name));
  if (options.readOnly !== undefined) applyPatch(store, { kind: 'readOnly', readOnly: options.readOnly });
  if (warnings.length > 0) {
    const more = warnings.length > 1 ? ` (+${warnings.length - 1} more)` : '';
    store.setState((s) => setMessage(s, { text: `${warnings[0]}${more}`, severity: 'danger' }));
  }

  const stopNotifier = createAttentionNotifier(store, {
    mode: options.notify ?? 'off',
    write: (d) => stdout.write(d),
  });
  const screen = stdout.isTTY ? enterFullscreen(stdout, options.process ?? process, stderr) : undefined;
  const glyphs = chooseGlyphs(env, options.ascii);
  const paced = createPacedStore(store, { intervalMs: 1000 / ENGINE_FPS });
  const props: Omit<AppProps, 'size'> = {
    store: paced.ui,
    view: paced.view,
    intents: options.intents ?? noopIntents,
    registry: keys.registry,
    handlers: { ...BUILTIN_HANDLERS, ...ACTION_HANDLERS, ...options.handlers },
    themes,
    glyphs,
    clock: { now: Date.now, tickMs: 1000 },
  };
  // Registered before render() so it runs before Ink's own resize handler draws the next frame.
  let forgetFrame = (): void => {};
  const stopResizeClear = clearOnResize(stdout, () => forgetFrame());
  const instance = render(<SizedApp {...props} stream={stdout} />, {
    stdout: stdout.isTTY ? frameGate(stdout, { ascii: glyphs.ascii }) : stdout,
    stdin,
    stderr,
    exitOnCtrlC: false,
    patchConsole: false,
    incrementalRendering: true,
    // Pacing is the paced store's (a key must not wait behind a frame throttle); Ink draws each
    // commit as it comes, bunching only commits within the same millisecond.
    maxFps: 1000,
  });
  forgetFrame = () => instance.clear();
  try {
    await instance.waitUntilExit();
  } finally {
    stopResizeClear();
    stopNotifier();
    paced.dispose();
    instance.cleanup();
    screen?.restore();
  }
  return { warnings };
}

/** The App sized by the real terminal. */
function SizedApp(props: Omit<AppProps, 'size'> & { stream: SizedStream }): ReactNode {
  const size = useTerminalSize(props.stream);
  return <App {...props} size={size} />;
}

/**
 * After a real size change, wipe the alternate screen and make Ink forget its last frame, so the
 * next frame is drawn whole (terminals reflow old lines differently; incremental rendering would
 * otherwise leave ghosts).
 */
function clearOnResize(stdout: NodeJS.WriteStream, forgetFrame: () => void): () => void {
  let last = `${stdout.columns}x${stdout.rows}`;
  const onResize = (): void => {
    const now = `${stdout.columns}x${stdout.rows}`;
    if (now === last) return;
    last = now;
    stdout.write(CLEAR_SEQUENCE);
    forgetFrame();
  };
  stdout.on('resize', onResize);
  return () => {
    stdout.off('resize', onResize);
  };
}
