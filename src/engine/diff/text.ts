/** The unified diff of a compared resource, built only when someone asks to see it: computing sync status
 * needs the comparison, never the text. */
import type { ResourceDiff } from './types.js';
import { DEFAULT_DIFF_BOUNDS, FULL_DIFF_BOUNDS, unifiedDiff } from './unified.js';

/** Options of {@link diffText}. */
interface DiffTextOptions {
  /** Lift the default bounds to the larger ones of `flotilla diff --full`. */
  full?: boolean;
  /** Lines of context around each change (default 3). */
  context?: number;
  /** The app the resource belongs to, named in the command a too-large summary suggests. */
  app?: string;
}

/** The unified diff from live to target (Secret values already masked); undefined for Synced and Unknown. */
export function diffText(resource: ResourceDiff, options: DiffTextOptions = {}): string | undefined {
  const target = resource.mode === 'server-side' ? 'predicted' : 'desired';
  const common = {
    names: { live: 'live', target },
    bounds: options.full ? FULL_DIFF_BOUNDS : DEFAULT_DIFF_BOUNDS,
    ...(options.context !== undefined ? { context: options.context } : {}),
    // Past the larger bounds there is nothing bigger to suggest.
    ...(options.full ? {} : { wholeDiffCommand: `flotilla diff --full ${options.app ?? 'APP'}` }),
  };
  switch (resource.status) {
    case 'OutOfSync':
      return unifiedDiff(resource.identity, resource.live, resource.target, common);
    case 'Missing':
      return unifiedDiff(resource.identity, undefined, resource.target, common);
    case 'Extraneous':
      return unifiedDiff(resource.identity, resource.live, undefined, common);
    default:
      return undefined;
  }
}
