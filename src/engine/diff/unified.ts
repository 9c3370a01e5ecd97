/** Unified diffs of YAML renderings, with sorted keys so the same object always renders the same lines. */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { stringify } from 'yaml';
import type { KubeObject, ObjectIdentity } from '../objects.js';

/** Stable YAML for display: keys sorted at every level, no line folding, no anchors for repeated values. */
export function toStableYaml(obj: KubeObject | undefined): string {
  if (obj === undefined) return '';
  return stringify(obj, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false });
}

/** `group/Kind/namespace/name` for a diff header, with `core` for the core group and no empty parts. */
export function diffLabel(id: ObjectIdentity): string {
  return [id.group || 'core', id.kind, id.namespace, id.name].filter((p) => p !== '').join('/');
}

/** A unified diff from the live side to the target side (what an apply would change), `context` lines around
 * each change. Either side may be absent (Missing: all added; Extraneous: all removed). */
export function unifiedDiff(
  id: ObjectIdentity,
  live: KubeObject | undefined,
  target: KubeObject | undefined,
  names: { live: string; target: string } = { live: 'live', target: 'desired' },
  context = 3,
): string {
  const label = diffLabel(id);
  return createTwoFilesPatch(
    live ? `${names.live}/${label}` : '/dev/null',
    target ? `${names.target}/${label}` : '/dev/null',
    toStableYaml(live),
    toStableYaml(target),
    undefined,
    undefined,
    { context, headerOptions: FILE_HEADERS_ONLY },
  );
}
