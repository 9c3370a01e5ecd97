/** The bottom line: the prompt while typing, else a message, else key hints from the registry. */
import type { ReactNode } from 'react';
import { compileFilter } from '../../state/filter.js';
import { selectTopScreen } from '../../state/selectors/detail.js';
import { selectFocus } from '../../state/ui-actions.js';
import { completionSource, suggestions } from '../commands/command-line.js';
import { writeContext } from '../commands/targets.js';
import { useGlyphs, useServices, useView } from '../context.js';
import { displayChord } from '../keys/chord.js';
import { disabledReason } from '../keys/registry.js';
import { Line, Span } from './Span.js';

/** Props of BottomLine. */
interface BottomLineProps {
  width: number;
}

/** The bottom line. */
export function BottomLine({ width }: BottomLineProps): ReactNode {
  const prompt = useView((s) => s.ui.prompt);
  const message = useView((s) => s.ui.message);
  if (prompt)
    return prompt.kind === 'filter' ? (
      <FilterPrompt text={prompt.text} />
    ) : (
      <CommandPrompt text={prompt.text} width={width} />
    );
  if (message)
    return <Line role={message.severity === 'info' ? 'info' : message.severity}>{message.text}</Line>;
  return <Hints width={width} />;
}

function FilterPrompt({ text }: { text: string }): ReactNode {
  const f = compileFilter(text);
  return (
    <Line>
      <Span role="prompt">{`/${text}`}</Span>
      <Span role="muted">_</Span>
      {f.ok ? (
        <Span role="muted">
          {text.startsWith('!') ? '  (inverted)' : '  regex, ! inverts, Enter keeps, Esc clears'}
        </Span>
      ) : (
        <Span role="danger">{`  ${f.error}`}</Span>
      )}
    </Line>
  );
}

function CommandPrompt({ text, width }: { text: string; width: number }): ReactNode {
  const { themes } = useServices();
  const apps = useView((s) => s.apps);
  const clusters = useView((s) => s.clusters);
  const options = suggestions(text, completionSource({ apps, clusters }, themes.names()));
  const shown: string[] = [];
  let used = text.length + 4;
  for (const o of options) {
    if (used + o.length + 2 > width) break;
    shown.push(o);
    used += o.length + 2;
  }
  return (
    <Line>
      <Span role="prompt">{`:${text}`}</Span>
      <Span role="muted">_ </Span>
      <Span role="muted">{shown.join('  ')}</Span>
    </Line>
  );
}

/** Hints for the focused pane: commands with a hint label, mutating ones marked when disabled. */
function Hints({ width }: { width: number }): ReactNode {
  const { registry } = useServices();
  const glyphs = useGlyphs();
  const screen = useView((s) => selectTopScreen(s).id);
  const pane = useView(selectFocus);
  // An open dialog takes every key: its keys are the ones worth showing.
  const dialog = useView((s) => s.ui.dialog?.kind);
  const readOnly = useView((s) => s.ui.readOnly);
  const cluster = useView((s) => writeContext(s).cluster);
  const marked = useView((s) => writeContext(s).marked);
  const items: ReactNode[] = [];
  let used = 0;
  // Pane-specific commands first: at 80 columns the global ones (help, quit) are the ones cut.
  const active = registry.activeIn(dialog ? { dialog } : { screen, pane });
  const ordered = [
    ...active.filter((c) => !c.scopes.includes('global')),
    ...active.filter((c) => c.scopes.includes('global')),
  ];
  for (const c of ordered) {
    if (!c.hint || c.keys.length === 0) continue;
    const key = displayChord(c.keys[0] as string, glyphs.ascii);
    const len = key.length + c.hint.length + 3;
    if (used + len > width) break;
    used += len;
    const disabled = disabledReason(c, { readOnly, cluster, marked }) !== undefined;
    items.push(
      <Span key={c.id} role={disabled ? 'muted' : 'key'}>
        {key}
      </Span>,
      <Span key={`${c.id}-l`} role="muted">{` ${c.hint}${disabled ? '(off)' : ''}  `}</Span>,
    );
  }
  return <Line>{items}</Line>;
}
