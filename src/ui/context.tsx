/**
 * React contexts for what every pane needs: the store and intents, the registry, the theme, glyphs
 * and the clock. Each `useX()` throws outside its provider, so a missing provider
 * is found at once, not as a wrong default deep in a pane.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { FlotillaStore } from '../state/store.js';
import type { Intents } from '../state/intents.js';
import type { ViewModel } from '../state/types.js';
import type { Glyphs } from './glyphs.js';
import type { CommandRegistry } from './keys/registry.js';
import type { Theme } from './themes/theme.js';
import type { ThemeCatalog } from './themes/loader.js';

/** Long-lived services of one TUI instance. */
interface Services {
  /** What commands read and write (run.tsx passes the paced store's `ui` side). */
  store: FlotillaStore;
  /** What components read: the store as of the last frame (the store itself when nothing paces it). */
  view: Pick<FlotillaStore, 'getState' | 'getInitialState' | 'subscribe'>;
  intents: Intents;
  registry: CommandRegistry;
  themes: ThemeCatalog;
}

/** A clock; tests pass a fixed one. */
export interface Clock {
  now(): number;
  /** How often freshness re-renders, ms; 0 disables ticking. */
  tickMs: number;
}

const ServicesContext = createContext<Services | undefined>(undefined);
const ThemeContext = createContext<Theme | undefined>(undefined);
const GlyphContext = createContext<Glyphs | undefined>(undefined);
const NowContext = createContext<number | undefined>(undefined);

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} must be used inside <UiProviders>`);
  return value;
}

/** The injected services. */
export function useServices(): Services {
  return required(useContext(ServicesContext), 'useServices');
}

/** A narrow read of the store; the selector must return a stable value (zustand v5). */
export function useView<T>(selector: (state: ViewModel) => T): T {
  return useStore(useServices().view, selector);
}

/** The active theme. */
export function useTheme(): Theme {
  return required(useContext(ThemeContext), 'useTheme');
}

/** The active glyph set. */
export function useGlyphs(): Glyphs {
  return required(useContext(GlyphContext), 'useGlyphs');
}

/** The current time, epoch ms, re-rendered once per tick. */
export function useNow(): number {
  return required(useContext(NowContext), 'useNow');
}

/** Props of the providers. */
interface UiProvidersProps {
  services: Services;
  theme: Theme;
  glyphs: Glyphs;
  clock: Clock;
  children: ReactNode;
}

/** Provides every context. */
export function UiProviders({ services, theme, glyphs, clock, children }: UiProvidersProps): ReactNode {
  const now = useTicker(clock);
  return (
    <ServicesContext.Provider value={services}>
      <ThemeContext.Provider value={theme}>
        <GlyphContext.Provider value={glyphs}>
          <NowContext.Provider value={now}>{children}</NowContext.Provider>
        </GlyphContext.Provider>
      </ThemeContext.Provider>
    </ServicesContext.Provider>
  );
}

/** Re-reads the clock every `tickMs`, so "12s ago" keeps growing even when no patch arrives. */
function useTicker(clock: Clock): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    if (clock.tickMs <= 0) return;
    const timer = setInterval(() => setNow(clock.now()), clock.tickMs);
    return () => clearInterval(timer);
  }, [clock]);
  return now;
}
