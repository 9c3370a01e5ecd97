/** Rows of the app screen (resource tree, events), the drift diff and the repo commits. */
import type { TreeRow } from '../../state/selectors/detail.js';
import type { CommitView, EventView } from '../../state/types.js';
import { formatAge, padEnd, shortSha } from '../format.js';
import type { Glyphs } from '../glyphs.js';
import { healthRole, syncRole } from '../themes/roles.js';
import type { RoleName } from '../themes/roles.js';
import { cell } from './cells.js';
import type { Cell } from './cells.js';

/** Tree guides for a row: `│ ├─` from the ancestry. */
function treePrefix(row: TreeRow, glyphs: Glyphs): string {
  let out = '';
  for (let d = 0; d < row.depth; d++) out += row.lastAtDepth[d] ? glyphs.treeBlank : glyphs.treePipe;
  if (row.depth > 0)
    out =
      out.slice(0, -glyphs.treeBlank.length) +
      (row.lastAtDepth[row.depth] ? glyphs.treeLast : glyphs.treeBranch);
  return out;
}

/** One resource-tree line: guides, expand mark, Kind/name, sync, health, message. */
export function treeRowCells(row: TreeRow, width: number, glyphs: Glyphs): Cell[] {
  const prefix = treePrefix(row, glyphs);
  if (row.loading || !row.node) return [cell(`${prefix} loading${glyphs.ellipsis}`, 'muted')];
  const n = row.node;
  const canOpen = n.expandable === true || (n.children !== undefined && n.children.length > 0);
  const mark = canOpen ? (row.expanded ? glyphs.expanded : glyphs.collapsed) : glyphs.leaf;
  const nameWidth = Math.max(12, Math.min(40, Math.floor(width * 0.45) - [...prefix].length));
  const out: Cell[] = [
    cell(`${prefix}${mark} `, 'muted'),
    cell(padEnd(`${n.kind}/${n.name}`, nameWidth, glyphs.ellipsis), 'text'),
  ];
  out.push(
    cell(' '),
    n.sync ? cell(padEnd(`${glyphs.sync[n.sync]} ${n.sync}`, 11), syncRole(n.sync)) : cell(' '.repeat(11)),
  );
  out.push(
    cell(' '),
    n.health
      ? cell(padEnd(`${glyphs.health[n.health]} ${n.health}`, 13), healthRole(n.health))
      : cell(' '.repeat(13)),
  );
  if (n.message) out.push(cell(` ${n.message}`, 'muted'));
  return out;
}

/** One event line: warnings marked, object, count, age, message. */
export function eventRowCells(e: EventView, now: number, glyphs: Glyphs): Cell[] {
  const warn = e.type === 'Warning';
  return [
    cell(warn ? `${glyphs.warning} ` : '  ', warn ? 'warning' : 'muted'),
    cell(padEnd(e.reason, 16, glyphs.ellipsis), warn ? 'warning' : 'text'),
    cell(` ${padEnd(formatAge(now - e.lastSeen), 4)}`, 'muted'),
    cell(e.count > 1 ? ` ${e.count}x` : '', 'muted'),
    cell(` ${e.object}`, 'accent'),
    cell(` ${e.message}`, warn ? 'text' : 'muted'),
  ];
}

/** The role of a unified-diff line by its prefix. */
export function diffLineRole(line: string): RoleName {
  if (line.startsWith('+++') || line.startsWith('---')) return 'diff.header';
  if (line.startsWith('@@')) return 'diff.hunk';
  if (line.startsWith('+')) return 'diff.added';
  if (line.startsWith('-')) return 'diff.removed';
  return 'diff.context';
}

/** One commit line: short SHA, age, author, subject. */
export function commitRowCells(c: CommitView, now: number, glyphs: Glyphs): Cell[] {
  return [
    cell(shortSha(c.sha), 'accent'),
    cell(` ${padEnd(formatAge(now - c.time), 4)}`, 'muted'),
    cell(` ${padEnd(c.author, 16, glyphs.ellipsis)}`, 'muted'),
    cell(` ${c.subject}`, 'text'),
  ];
}
