/** Marks on apps (Space in the app table) for a bulk sync: pure transitions of `UiState.selection`. Marks
 * survive filters and cluster scopes, so apps of several clusters can be marked one view at a time. */
import type { AppView, ViewModel } from './types.js';

function withSelection(state: ViewModel, selection: Record<string, true>): ViewModel {
  return { ...state, ui: { ...state.ui, selection } };
}

/** Marks the app, or unmarks it when it is marked. */
export function toggleMark(state: ViewModel, appId: string): ViewModel {
  const selection = { ...state.ui.selection };
  if (selection[appId]) delete selection[appId];
  else selection[appId] = true;
  return withSelection(state, selection);
}

/** Marks these apps, or unmarks them all when every one is marked already. Returns whether they are marked now. */
export function toggleMarks(
  state: ViewModel,
  appIds: readonly string[],
): { state: ViewModel; marked: boolean } {
  const all = appIds.every((id) => state.ui.selection[id]);
  const selection = { ...state.ui.selection };
  for (const id of appIds) {
    if (all) delete selection[id];
    else selection[id] = true;
  }
  return { state: withSelection(state, selection), marked: !all };
}

/** Clears every mark. */
export function clearMarks(state: ViewModel): ViewModel {
  return Object.keys(state.ui.selection).length === 0 ? state : withSelection(state, {});
}

/** The marked apps that still exist, in the order of their ids (an app that went away loses its mark). */
export function markedApps(state: ViewModel): AppView[] {
  return Object.keys(state.ui.selection)
    .sort()
    .map((id) => state.apps[id])
    .filter((a): a is AppView => a !== undefined);
}

/** The apps of an app set, sorted by id. */
export function appSetMembers(state: ViewModel, appSet: string): AppView[] {
  return Object.values(state.apps)
    .filter((a) => a.appSet === appSet)
    .sort((a, b) => a.id.localeCompare(b.id));
}
