/** The root component: providers, the key dispatcher and the layout. Everything else lives in panes. */
import { useApp } from 'ink';
import { useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Intents } from '../state/intents.js';
import type { FlotillaStore } from '../state/store.js';
import type { HandlerMap } from './commands/context.js';
import { UiProviders } from './context.js';
import type { Clock } from './context.js';
import type { TerminalSize } from './render/geometry.js';
import type { Glyphs } from './glyphs.js';
import type { CommandRegistry } from './keys/registry.js';
import { useKeyDispatch } from './hooks/useKeyDispatch.js';
import { computeGeometry, hasAttention } from './render/geometry.js';
import { MainLayout } from './layouts/MainLayout.js';
import { selectClusterRows } from '../state/selectors/fleet.js';
import type { ThemeCatalog } from './themes/loader.js';

/** Props of App; run.tsx fills them for real use, tests inject fakes and a fixed size. */
export interface AppProps {
  store: FlotillaStore;
  /** What components read, when frames are paced (run.tsx: createPacedStore); defaults to `store`. */
  view?: Pick<FlotillaStore, 'getState' | 'getInitialState' | 'subscribe'>;
  intents: Intents;
  registry: CommandRegistry;
  handlers: HandlerMap;
  themes: ThemeCatalog;
  glyphs: Glyphs;
  clock: Clock;
  size: TerminalSize;
  /** Called on Ctrl-c or :q; defaults to Ink's exit. */
  onQuit?: () => void;
}

/** The TUI. */
export function App({
  store,
  view = store,
  intents,
  registry,
  handlers,
  themes,
  glyphs,
  clock,
  size,
  onQuit,
}: AppProps): ReactNode {
  const { exit } = useApp();
  const themeName = useStore(view, (s) => s.ui.theme);
  const theme = useMemo(() => themes.load(themeName).theme, [themes, themeName]);
  const attention = useStore(view, hasAttention);
  const clusterCount = useStore(view, (s) => selectClusterRows(s).list.length);
  const repoCount = useStore(view, (s) => Object.keys(s.repos).length);
  const geometry = useMemo(
    () => computeGeometry(size, { attention, clusterCount, repoCount }),
    [size, attention, clusterCount, repoCount],
  );
  const geometryRef = useRef(geometry);
  geometryRef.current = geometry;
  const services = useMemo(
    () => ({ store, view, intents, registry, themes }),
    [store, view, intents, registry, themes],
  );
  const ctx = useMemo(
    () => ({
      store,
      intents,
      registry,
      themes,
      ascii: glyphs.ascii,
      geometry: () => geometryRef.current,
      quit: onQuit ?? (() => exit()),
    }),
    [store, intents, registry, themes, glyphs.ascii, onQuit, exit],
  );
  useKeyDispatch(ctx, handlers);
  return (
    <UiProviders services={services} theme={theme} glyphs={glyphs} clock={clock}>
      <MainLayout geometry={geometry} />
    </UiProviders>
  );
}
