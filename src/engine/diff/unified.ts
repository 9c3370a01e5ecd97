/** Unified diffs of YAML renderings, with sorted keys so the same object always renders the same lines. The
 * line diff is bounded: a rewrite of thousands of lines would otherwise hold the worker for seconds. */
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import { stringify } from 'yaml';
import type { KubeObject, ObjectIdentity } from '../objects.js';

/** How much work one unified diff may take before a size summary is shown instead. */
interface DiffBounds {
  /** Most changed lines (added plus removed) the line diff looks for. */
  maxEditLength: number;
  /** Wall time the line diff may take, in milliseconds. */
  timeoutMs: number;
  /** Largest YAML rendering (both sides together, in bytes) that is diffed at all. */
  maxBytes: number;
}

/** The bounds of every diff flotilla shows unless asked for the whole diff. */
export const DEFAULT_DIFF_BOUNDS: Readonly<DiffBounds> = {
  maxEditLength: 1_000,
  timeoutMs: 500,
  maxBytes: 1_000_000,
};

/** The bounds of `flotilla diff --full`: far larger, still finite, so a runaway object cannot hang the CLI. */
export const FULL_DIFF_BOUNDS: Readonly<DiffBounds> = {
  maxEditLength: 200_000,
  timeoutMs: 60_000,
  maxBytes: 64_000_000,
};

/** Stable YAML for display: keys sorted at every level, no line folding, no anchors for repeated values. */
function toStableYaml(obj: KubeObject | undefined): string {
  if (obj === undefined) return '';
  return stringify(obj, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}

/** `group/Kind/namespace/name` for a diff header, with `core` for the core group and no empty parts. */
function diffLabel(id: ObjectIdentity): string {
  return [id.group || 'core', id.kind, id.namespace, id.name].filter((p) => p !== '').join('/');
}

/** Options of {@link unifiedDiff}. */
interface UnifiedDiffOptions {
  names?: { live: string; target: string };
  /** Lines of context around each change (default 3). */
  context?: number;
  bounds?: Readonly<DiffBounds>;
  /** The command a too-large summary suggests for seeing the whole diff; none when there is no larger bound. */
  wholeDiffCommand?: string;
}

/** A unified diff from the live side to the target side (what an apply would change). Either side may be
 * absent (Missing: all added; Extraneous: all removed). Beyond the bounds, the file headers and a summary
 * of the change's size stand in for the hunks. */
export function unifiedDiff(
  id: ObjectIdentity,
  live: KubeObject | undefined,
  target: KubeObject | undefined,
  options: UnifiedDiffOptions = {},
): string {
  const names = options.names ?? { live: 'live', target: 'desired' };
  const bounds = options.bounds ?? DEFAULT_DIFF_BOUNDS;
  const label = diffLabel(id);
  const oldName = live ? `${names.live}/${label}` : '/dev/null';
  const newName = target ? `${names.target}/${label}` : '/dev/null';
  const oldText = toStableYaml(live);
  const newText = toStableYaml(target);
  const headers = `--- ${oldName}\n+++ ${newName}\n`;
  const bytes = Buffer.byteLength(oldText) + Buffer.byteLength(newText);
  if (bytes > bounds.maxBytes)
    return headers + tooLarge(oldText, newText, names, bounds, options.wholeDiffCommand);
  const patch = structuredPatch(oldName, newName, oldText, newText, undefined, undefined, {
    context: options.context ?? 3,
    maxEditLength: bounds.maxEditLength,
    timeout: bounds.timeoutMs,
  });
  if (patch === undefined)
    return headers + tooLarge(oldText, newText, names, bounds, options.wholeDiffCommand);
  return formatPatch(patch, FILE_HEADERS_ONLY);
}

/** Comment lines (`#`, outside the unified format's `+`/`-`/` ` lines) saying how big the change is and, when
 * there is a way, how to see all of it. */
function tooLarge(
  oldText: string,
  newText: string,
  names: { live: string; target: string },
  bounds: Readonly<DiffBounds>,
  wholeDiffCommand: string | undefined,
): string {
  const side = (name: string, text: string): string =>
    `${name} ${countLines(text).toLocaleString('en')} lines (${formatBytes(Buffer.byteLength(text))})`;
  const limit = `more than ${bounds.maxEditLength.toLocaleString('en')} changed lines, ${formatBytes(bounds.maxBytes)} or ${bounds.timeoutMs / 1000} s of diffing`;
  const summary = `# Too large to diff here (${limit}): ${side(names.live, oldText)}, ${side(names.target, newText)}.\n`;
  return wholeDiffCommand ? `${summary}# See it whole with: ${wholeDiffCommand}\n` : summary;
}

function countLines(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

/** `812 B`, `3.4 kB`, `1.2 MB` (decimal units, one decimal). */
function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
