/** Rows of the app screen (resource tree, events), the drift diff and the repo commits. */
import type { TreeRow } from '../../state/selectors/detail.js';
import type { CommitView, EventView } from '../../state/types.js';
import { formatAge, padEnd, shortSha, truncate } from '../format.js';
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

/** Columns of a tree row after its label: sync (11) and health (13), a space before each. */
export const TREE_STATUS_WIDTH = 26;

/** Width of the tree's label column (guides, mark, Kind/name) that fits every row's label, within
 * 14..`max`: the tree is sized by what it holds, so the events get the rest of the width. */
export function treeLabelWidth(rows: readonly TreeRow[], glyphs: Glyphs, max: number): number {
  let widest = 14;
  for (const row of rows) {
    const n = row.node;
    const label = [...treePrefix(row, glyphs)].length + 2 + (n ? [...`${n.kind}/${n.name}`].length : 10);
    if (label > widest) widest = label;
  }
  return Math.min(widest, Math.max(14, max));
}

/** Width the tree's message column wants (short texts like `1/3 available`): the longest message, at most 18. */
export function treeMessageWidth(rows: readonly TreeRow[]): number {
  let widest = 0;
  for (const row of rows) widest = Math.max(widest, row.node?.message ? [...row.node.message].length + 1 : 0);
  return Math.min(18, widest);
}

/** One resource-tree line: guides, expand mark, Kind/name in a label column `labelWidth` wide, sync,
 * health, message. */
export function treeRowCells(row: TreeRow, labelWidth: number, glyphs: Glyphs): Cell[] {
  const prefix = treePrefix(row, glyphs);
  if (row.loading || !row.node) return [cell(`${prefix} loading${glyphs.ellipsis}`, 'muted')];
  const n = row.node;
  const canOpen = n.expandable === true || (n.children !== undefined && n.children.length > 0);
  const mark = canOpen ? (row.expanded ? glyphs.expanded : glyphs.collapsed) : glyphs.leaf;
  const nameWidth = Math.max(8, labelWidth - [...prefix].length - 2);
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
    // Long pod names would push the message off the line; Enter shows the event whole.
    cell(` ${truncate(e.object, 32, glyphs.ellipsis)}`, 'accent'),
    cell(` ${e.message}`, warn ? 'text' : 'muted'),
  ];
}

/** The event shown whole: its header, then its message wrapped to `width` columns. */
export function eventWholeLines(e: EventView, now: number, width: number): string[] {
  const head = `${e.type} ${e.reason} on ${e.object}, ${e.count}x, last ${formatAge(now - e.lastSeen)} ago:`;
  return [head, ...wrapText(e.message, Math.max(10, width))];
}

/** Splits text into lines of at most `width` columns, at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      let w = word;
      while ([...w].length > width) {
        if (line !== '') out.push(line);
        out.push([...w].slice(0, width).join(''));
        w = [...w].slice(width).join('');
        line = '';
      }
      const next = line === '' ? w : `${line} ${w}`;
      if ([...next].length > width) {
        out.push(line);
        line = w;
      } else line = next;
    }
    out.push(line);
  }
  return out;
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
