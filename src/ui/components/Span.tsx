/** Text in a semantic role: the only way components colour text. */
import { Text } from 'ink';
import type { ReactNode } from 'react';
import { useTheme } from '../context.js';
import type { RoleName } from '../themes/roles.js';

/** Props of Span. */
interface SpanProps {
  role: RoleName;
  children?: ReactNode;
}

/** A styled inline run of text. */
export function Span({ role, children }: SpanProps): ReactNode {
  return <Text {...useTheme().styles[role]}>{children}</Text>;
}

/** Props of Line. */
interface LineProps {
  role?: RoleName;
  children?: ReactNode;
}

/** One terminal line: never wraps (a wrapped row would make the frame taller than the window). */
export function Line({ role = 'text', children }: LineProps): ReactNode {
  return (
    <Text wrap="truncate-end" {...useTheme().styles[role]}>
      {children}
    </Text>
  );
}
