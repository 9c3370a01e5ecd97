/** Derived data for the open app: the flattened resource tree, sorted events, the current diff. */
import { compileFilter } from '../filter.js';
import type { ListModel } from '../list.js';
import { memoizeLast } from '../memo.js';
import type {
  AppDetail,
  EventView,
  PendingCommits,
  ResourceDiff,
  ResourceNode,
  Screen,
  ViewModel,
} from '../types.js';

/** The screen on top of the stack. */
export function selectTopScreen(state: ViewModel): Screen {
  return state.ui.screens[state.ui.screens.length - 1] ?? { id: 'fleet' };
}

/** The app id of the top screen, when it is about one app. */
export function selectScreenApp(state: ViewModel): string | undefined {
  const top = selectTopScreen(state);
  return 'app' in top ? top.app : undefined;
}

/** One visible line of the resource tree. */
export interface TreeRow {
  key: string;
  depth: number;
  /** For each ancestor level, whether that ancestor was the last child (draws `│` or blank). */
  lastAtDepth: boolean[];
  node?: ResourceNode;
  expanded: boolean;
  /** A placeholder line while children load. */
  loading: boolean;
}

/** The visible tree lines plus the cursor model. */
interface TreeRows {
  rows: TreeRow[];
  model: ListModel;
  filterError?: string;
}

const EMPTY_TREE: TreeRows = { rows: [], model: { keys: [] } };

const flattenTree = memoizeLast(
  (
    resources: readonly ResourceNode[],
    expanded: Record<string, true>,
    loading: Record<string, true>,
    filterText: string | undefined,
  ): TreeRows => {
    const filter = compileFilter(filterText);
    const rows: TreeRow[] = [];
    const walk = (nodes: readonly ResourceNode[], depth: number, trail: boolean[]): void => {
      nodes.forEach((node, i) => {
        const last = i === nodes.length - 1;
        const isOpen = expanded[node.key] === true;
        const text = `${node.kind}/${node.name} ${node.namespace ?? ''} ${node.sync ?? ''} ${node.health ?? ''} ${node.message ?? ''}`;
        if (filter.test(text))
          rows.push({
            key: node.key,
            depth,
            lastAtDepth: [...trail, last],
            node,
            expanded: isOpen,
            loading: false,
          });
        if (!isOpen) return;
        if (node.children) walk(node.children, depth + 1, [...trail, last]);
        else if (loading[node.key])
          rows.push({
            key: `${node.key}#loading`,
            depth: depth + 1,
            lastAtDepth: [...trail, last, true],
            expanded: false,
            loading: true,
          });
      });
    };
    walk(resources, 0, []);
    return {
      rows,
      model: { keys: rows.map((r) => r.key), selectable: rows.map((r) => !r.loading) },
      filterError: filter.ok ? undefined : filter.error,
    };
  },
);

/** Visible resource-tree lines of the open app (stable reference). */
export function selectTreeRows(state: ViewModel): TreeRows {
  const d = state.detail;
  if (!d) return EMPTY_TREE;
  return flattenTree(d.resources, state.ui.expanded, d.loadingChildren, state.ui.filters.tree);
}

/** Finds a node anywhere in the tree. */
export function findNode(nodes: readonly ResourceNode[], key: string): ResourceNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    const hit = n.children ? findNode(n.children, key) : undefined;
    if (hit) return hit;
  }
  return undefined;
}

/** Events, warnings first, then newest first. */
interface EventRows {
  rows: EventView[];
  /** Keys by what the event is about, so the cursor stays on it while counts and times change. */
  model: ListModel;
  warnings: number;
  filterError?: string;
}

const EMPTY_EVENTS: EventRows = { rows: [], model: { keys: [] }, warnings: 0 };

/** Stable keys for events; the same object, reason and message twice gets a numbered key. */
function eventKeys(rows: readonly EventView[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((e) => {
    const base = `${e.type}|${e.object}|${e.reason}|${e.message}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return n === 0 ? base : `${base}#${n}`;
  });
}

const sortEvents = memoizeLast((events: readonly EventView[], filterText: string | undefined): EventRows => {
  const filter = compileFilter(filterText);
  const rows = events
    .filter((e) => filter.test(`${e.type} ${e.reason} ${e.object} ${e.message}`))
    .sort((a, b) => Number(b.type === 'Warning') - Number(a.type === 'Warning') || b.lastSeen - a.lastSeen);
  return {
    rows,
    model: { keys: eventKeys(rows) },
    warnings: rows.filter((e) => e.type === 'Warning').length,
    filterError: filter.ok ? undefined : filter.error,
  };
});

/** Events of the open app, warnings first (stable reference). */
export function selectEventRows(state: ViewModel): EventRows {
  const d = state.detail;
  if (!d) return EMPTY_EVENTS;
  return sortEvents(d.events, state.ui.filters.events);
}

/** The resource shown on the drift screen. */
interface CurrentDiff {
  resource?: ResourceDiff;
  index: number;
  count: number;
}

const NO_RESOURCES: ResourceDiff[] = [];

const currentDiff = memoizeLast((resources: readonly ResourceDiff[], wanted: number): CurrentDiff => {
  const count = resources.length;
  const index = count === 0 ? 0 : Math.min(Math.max(wanted, 0), count - 1);
  return { resource: resources[index], index, count };
});

/** The resource diff under the drift screen's cursor, clamped (stable reference). */
export function selectCurrentDiff(state: ViewModel): CurrentDiff {
  return currentDiff(state.detail?.diff?.resources ?? NO_RESOURCES, state.ui.driftResource);
}

/** The detail if it belongs to `appId`. */
export function detailFor(state: ViewModel, appId: string | undefined): AppDetail | undefined {
  return appId !== undefined && state.detail?.appId === appId ? state.detail : undefined;
}

/** Pending commits of an app, filtered by the commits filter. */
interface CommitRows {
  pending?: PendingCommits;
  rows: PendingCommits['commits'];
  model: ListModel;
  filterError?: string;
}

const filterCommits = memoizeLast(
  (pending: PendingCommits | undefined, filterText: string | undefined): CommitRows => {
    const filter = compileFilter(filterText);
    const rows = (pending?.commits ?? []).filter((c) =>
      filter.test(`${c.sha.slice(0, 7)} ${c.subject} ${c.author}`),
    );
    return {
      pending,
      rows,
      model: { keys: rows.map((c) => c.sha) },
      filterError: filter.ok ? undefined : filter.error,
    };
  },
);

/** Commits between the deployed revision and the tip for the screen's app (stable reference). */
export function selectCommitRows(state: ViewModel): CommitRows {
  const app = selectScreenApp(state);
  return filterCommits(app === undefined ? undefined : state.pending[app], state.ui.filters.commits);
}
