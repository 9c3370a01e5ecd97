/** Help: the commands of the pane that had focus, generated from the registry (disabled ones with the reason). */
import type { ReactNode } from 'react';
import { scrollWindow } from '../../state/list.js';
import type { PaneId } from '../../state/types.js';
import { currentHelpRows } from '../commands/targets.js';
import { Frame } from '../components/Frame.js';
import { Row } from '../components/Row.js';
import { Title, scrollInfo } from '../components/Title.js';
import { useGlyphs, useServices, useView } from '../context.js';
import { padEnd } from '../format.js';
import type { HelpRow } from '../keys/help.js';
import { describeScopes } from '../keys/docs.js';
import type { Geometry } from '../render/geometry.js';
import { cell } from '../render/cells.js';
import type { Cell } from '../render/cells.js';

/** Props of HelpPane. */
interface HelpPaneProps {
  pane: PaneId;
  geometry: Geometry;
}

/** The help screen. */
export function HelpPane({ pane, geometry }: HelpPaneProps): ReactNode {
  const { registry } = useServices();
  const glyphs = useGlyphs();
  // Help is a static screen: reading the whole state here is cheap and keeps the rows exact.
  const state = useView((s) => s);
  const rows = currentHelpRows(state, registry, glyphs.ascii);
  const listState = state.ui.lists.help;
  const filter = state.ui.filters.help;
  const win = scrollWindow(rows.length, listState, geometry.help.rows);
  return (
    <Frame height={geometry.help.boxHeight} width={geometry.columns} focused>
      <Title
        title={`Help: ${describeScopes([pane])}`}
        focused
        details={[filter && `/${filter}`, scrollInfo(win.start, win.end, rows.length), 'Esc closes']}
      />
      {rows.slice(win.start, win.end).map((row, i) => (
        <Row key={i} cells={helpCells(row)} />
      ))}
    </Frame>
  );
}

function helpCells(row: HelpRow): Cell[] {
  if (row.kind === 'section') return [cell(row.label, 'header')];
  const keys = cell(padEnd(row.keys, 16), row.disabled ? 'muted' : 'key');
  const text = cell(` ${row.description}`, row.disabled ? 'muted' : 'text');
  const why = row.disabled ? [cell(`  disabled: ${row.disabled}`, 'warning')] : [];
  return [keys, text, ...why];
}
