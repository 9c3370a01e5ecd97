/** A confirm or text dialog in place of the screen: what will happen, then Enter / Esc, and on a production
 * cluster the name to type first. It fills the body so it cannot be missed and the frame keeps its size. */
import type { ReactNode } from 'react';
import type { ConfirmDialogState, TextDialogState } from '../../state/types.js';
import { Frame } from './Frame.js';
import { Line, Span } from './Span.js';

/** Props of QuestionDialog. */
interface QuestionDialogProps {
  dialog: ConfirmDialogState | TextDialogState;
  height: number;
  width: number;
}

/** The dialog's frame: title, what will happen (clipped to the height), the answer line and the keys. */
export function QuestionDialog({ dialog, height, width }: QuestionDialogProps): ReactNode {
  const danger = dialog.kind === 'confirm' && dialog.danger;
  const room = Math.max(0, height - 2 - 3);
  const lines = dialog.lines.slice(0, room);
  return (
    <Frame height={height} width={width} focused frame={danger ? 'frame.production' : undefined}>
      <Line role={danger ? 'danger' : 'title'}>{` ${dialog.title}`}</Line>
      {lines.map((l, i) => (
        <Line key={i}>{` ${l}`}</Line>
      ))}
      {dialog.lines.length > room ? (
        <Line role="muted">{` … ${dialog.lines.length - room} more`}</Line>
      ) : null}
      <AnswerLine dialog={dialog} />
      <Line role="muted">{` ${keysOf(dialog)}`}</Line>
    </Frame>
  );
}

function AnswerLine({ dialog }: { dialog: ConfirmDialogState | TextDialogState }): ReactNode {
  if (dialog.kind === 'text')
    return (
      <Line>
        <Span role="prompt">{` ${dialog.label}: `}</Span>
        <Span role="text">{`${dialog.text}_`}</Span>
      </Line>
    );
  if (dialog.typeToConfirm === undefined) return <Line> </Line>;
  const matches = dialog.typed === dialog.typeToConfirm;
  return (
    <Line>
      <Span role="warning">{` Type ${dialog.typeToConfirm} to confirm: `}</Span>
      <Span role={matches ? 'ok' : 'text'}>{`${dialog.typed}_`}</Span>
    </Line>
  );
}

function keysOf(dialog: ConfirmDialogState | TextDialogState): string {
  if (dialog.kind === 'text') return 'Enter send · Esc cancel (nothing is sent)';
  return dialog.typeToConfirm === undefined
    ? 'Enter confirm · Esc cancel (nothing is sent)'
    : 'Enter confirm once the name is typed · Esc cancel (nothing is sent)';
}
