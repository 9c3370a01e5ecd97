/** The one zustand vanilla store holding the view model (see docs/architecture.md). */
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { UiState, ViewModel } from './types.js';

/** The store type every UI part and the engine bridge receives. */
export type FlotillaStore = StoreApi<ViewModel>;

/** Name of the theme used when nothing else is chosen. */
const DEFAULT_THEME = 'default-dark';

/** UI state of a freshly opened TUI: the fleet screen, app table focused. */
function initialUiState(overrides: Partial<UiState> = {}): UiState {
  return {
    screens: [{ id: 'fleet' }],
    focus: {},
    filters: {},
    grouping: 'none',
    matrix: false,
    matrixColumn: 0,
    lists: {},
    expanded: {},
    driftResource: 0,
    theme: DEFAULT_THEME,
    readOnly: false,
    selection: {},
    ...overrides,
  };
}

/** An empty view model (no clusters, no apps yet). */
function initialViewModel(overrides: Partial<ViewModel> = {}): ViewModel {
  return {
    clusters: {},
    repos: {},
    apps: {},
    pending: {},
    alerts: [],
    plans: {},
    operations: {},
    ui: initialUiState(),
    ...overrides,
  };
}

/** Creates the store, optionally seeded (fixtures, tests). */
export function createFlotillaStore(initial: Partial<ViewModel> = {}): FlotillaStore {
  return createStore<ViewModel>()(() => initialViewModel(initial));
}
