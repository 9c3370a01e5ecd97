/** Errors as data: what went wrong, where, and what to do next, in plain words. */

/** Where a problem comes from: a file position and/or a field path, whatever is known. */
export interface SourceRef {
  file?: string;
  /** 1-based line and column. */
  line?: number;
  column?: number;
  /** Dotted field path such as `apps[2].destination.cluster`. */
  field?: string;
}

/** One problem the engine reports instead of throwing: shown to users, never as a stack trace. */
export interface Problem {
  /** Stable machine-readable code, e.g. `config.unknown-field`, `git.auth`, `render.tool-missing`. */
  code: string;
  /** Plain words: what is wrong. */
  message: string;
  /** Plain words: what the user can do about it. */
  hint?: string;
  source?: SourceRef;
}

/** An exception that carries problems; only thrown across internal boundaries, caught at the edge. */
export class ProblemError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ProblemError';
  }
}

/** Formats a problem as `file:line:col: field: message (hint)` for a terminal or a log. */
export function formatProblem(p: Problem): string {
  const where = formatSource(p.source);
  const hint = p.hint ? `\n  ${p.hint}` : '';
  return `${where ? `${where}: ` : ''}${p.message}${hint}`;
}

/** `file:line:col field`, leaving out what is unknown. */
export function formatSource(s: SourceRef | undefined): string {
  if (!s) return '';
  const pos = s.file
    ? [s.file, s.line, s.line !== undefined ? s.column : undefined].filter((x) => x !== undefined).join(':')
    : '';
  return [pos, s.field].filter(Boolean).join(' ');
}

/** A value or the problems that prevented it. */
export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Builds a successful result. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
/** Builds a failed result. */
export const fail = <T = never>(...problems: Problem[]): Result<T> => ({ ok: false, problems });
