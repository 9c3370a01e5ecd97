/** Limits on untrusted YAML, checked before the `yaml` package composes it.
 *
 * The composer recurses once per nesting level, so a small file nested a few thousand levels deep
 * exhausts the stack; and a map whose keys are themselves collections makes `toJS` stringify keys at
 * every level, which takes seconds to minutes. Neither occurs in a real manifest or fleet file, so both
 * are refused. The nesting check is a single linear pass over the text that over-estimates rather than
 * under-estimates the depth the parser will reach: it follows block indentation, compact indicators
 * (`- - a:`), flow brackets, quoted scalars, comments and block scalars, without building anything.
 */
import { isCollection, isMap, isPair, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

/** Deepest nesting of collections accepted; far beyond any real manifest, far below the stack's reach. */
export const MAX_YAML_DEPTH = 256;

/** Aliases one document may expand; more is an alias bomb ("billion laughs"). */
export const MAX_YAML_ALIASES = 100;

/** Where a text first nests deeper than the limit (1-based line and column). */
export interface NestingFound {
  depth: number;
  line: number;
  column: number;
}

interface BlockLevel {
  col: number;
  kind: 'seq' | 'map';
}

interface FlowLevel {
  seq: boolean;
  /** A flow sequence holding `key: value` items nests one map more per item. */
  paired: boolean;
}

/** The first position where `text` nests more than `limit` collections deep, or null. */
export function findExcessiveNesting(text: string, limit = MAX_YAML_DEPTH): NestingFound | null {
  return new NestingScanner(limit).scan(text);
}

const isBlank = (c: string | undefined) => c === undefined || c === ' ' || c === '\t';

class NestingScanner {
  private readonly block: BlockLevel[] = [];
  private readonly flow: FlowLevel[] = [];
  private flowWeight = 0;
  private quote: '"' | "'" | null = null;
  /** Inside a block scalar: lines indented more than `above` (and at least `indent`, once known) are text. */
  private blockScalar: { above: number; indent: number | null } | null = null;
  private tokenStart = true;
  private afterQuoted = false;
  private found: NestingFound | null = null;
  private lineNo = 0;

  constructor(private readonly limit: number) {}

  scan(text: string): NestingFound | null {
    let start = 0;
    while (start <= text.length && !this.found) {
      const end = text.indexOf('\n', start);
      const stop = end < 0 ? text.length : end;
      const line = text.slice(start, text[stop - 1] === '\r' ? stop - 1 : stop);
      this.lineNo++;
      this.scanLine(line);
      if (end < 0) break;
      start = end + 1;
    }
    return this.found;
  }

  private depth(): number {
    return this.block.length + this.flowWeight;
  }

  private check(column: number): void {
    if (!this.found && this.depth() > this.limit)
      this.found = { depth: this.depth(), line: this.lineNo, column: column + 1 };
  }

  private scanLine(line: string): void {
    const indent = line.length - line.trimStart().length;
    if (/^(---|\.\.\.)(\s|$)/.test(line)) {
      // A document marker ends quoted and block scalars and block collections; open flow brackets are
      // kept, which can only over-count.
      this.block.length = 0;
      this.quote = null;
      this.blockScalar = null;
      if (line.startsWith('---') && this.flow.length === 0) this.scanBlock(line, 3, true);
      else if (this.flow.length > 0) this.scanFlow(line, 3);
      return;
    }
    if (this.blockScalar && this.insideBlockScalar(line, indent)) return;
    let pos = 0;
    if (this.quote) {
      pos = this.scanQuote(line, 0);
      if (pos < 0) return;
    }
    if (this.flow.length > 0) {
      pos = this.scanFlow(line, pos);
      if (pos < 0) return;
      this.afterScalar(line, pos, false, indent);
      return;
    }
    if (pos > 0) {
      this.afterScalar(line, pos, false, indent);
      return;
    }
    if (line.startsWith('%')) return; // a directive
    this.scanBlock(line, indent, true);
  }

  private insideBlockScalar(line: string, indent: number): boolean {
    const scalar = this.blockScalar;
    if (!scalar) return false;
    if (line.trim() === '') return true;
    if (indent > scalar.above && (scalar.indent === null || indent >= scalar.indent)) {
      scalar.indent ??= indent;
      return true;
    }
    this.blockScalar = null;
    return false;
  }

  /** Enters a block collection at `col`; the first one on a line closes the levels it is not inside. */
  private enter(col: number, kind: BlockLevel['kind'], first: boolean): void {
    if (first) {
      for (let top = this.block.at(-1); top; top = this.block.at(-1)) {
        const keeps = top.col < col || (top.col === col && top.kind === 'map' && kind === 'seq');
        if (keeps) break;
        this.block.pop();
      }
    }
    this.block.push({ col, kind });
    this.check(col);
  }

  /** Scans a block-context line from `pos`, a place where a node may start. */
  private scanBlock(line: string, from: number, first: boolean): void {
    let pos = from;
    for (;;) {
      while (pos < line.length && isBlank(line[pos])) pos++;
      const c = line[pos];
      if (c === undefined || c === '#') return;
      if ((c === '-' || c === '?' || c === ':') && isBlank(line[pos + 1])) {
        this.enter(pos, c === '-' ? 'seq' : 'map', first);
        first = false;
        pos++;
      } else if (c === '&' || c === '!') {
        while (pos < line.length && !isBlank(line[pos])) pos++;
      } else if (c === '|' || c === '>') {
        this.blockScalar = { above: this.block.at(-1)?.col ?? -1, indent: null };
        return;
      } else if (c === '[' || c === '{') {
        const end = this.scanFlow(line, pos);
        if (end >= 0) this.afterScalar(line, end, first, pos);
        return;
      } else if (c === '"' || c === "'") {
        this.quote = c;
        const end = this.scanQuote(line, pos + 1);
        if (end >= 0) this.afterScalar(line, end, first, pos);
        return;
      } else {
        const colon = plainKeyEnd(line, pos);
        if (colon < 0) return;
        this.enter(pos, 'map', first);
        first = false;
        pos = colon + 1;
      }
    }
  }

  /** After a quoted scalar or flow collection ending at `pos`: a `:` makes it a key at `keyCol`. */
  private afterScalar(line: string, pos: number, first: boolean, keyCol: number): void {
    let at = pos;
    while (at < line.length && isBlank(line[at])) at++;
    if (line[at] !== ':') return;
    this.enter(keyCol, 'map', first);
    this.scanBlock(line, at + 1, false);
  }

  /** Scans a quoted scalar's text from `pos`; returns the position after its closing quote, or -1. */
  private scanQuote(line: string, pos: number): number {
    const q = this.quote;
    for (let i = pos; i < line.length; i++) {
      const c = line[i];
      if (q === '"' && c === '\\') i++;
      else if (c === q) {
        if (q === "'" && line[i + 1] === "'") i++;
        else {
          this.quote = null;
          this.afterQuoted = true;
          this.tokenStart = false;
          return i + 1;
        }
      }
    }
    return -1;
  }

  /** Scans flow-context text from `pos`; returns the position after the outermost bracket closes, or -1. */
  private scanFlow(line: string, pos: number): number {
    for (let i = pos; i < line.length; i++) {
      const c = line[i] as string;
      if (c === ' ' || c === '\t') continue;
      if (c === '#' && (i === 0 || isBlank(line[i - 1]))) return -1;
      if (c === '[' || c === '{') {
        this.flow.push({ seq: c === '[', paired: false });
        this.flowWeight++;
        this.tokenStart = true;
        this.afterQuoted = false;
        this.check(i);
      } else if (c === ']' || c === '}') {
        const closed = this.flow.pop();
        if (closed) this.flowWeight -= closed.paired ? 2 : 1;
        this.tokenStart = false;
        this.afterQuoted = true;
        if (this.flow.length === 0) return i + 1;
      } else if (c === ',') {
        this.tokenStart = true;
        this.afterQuoted = false;
      } else if ((c === ':' || c === '?') && (this.afterQuoted || isFlowBreak(line[i + 1]))) {
        const top = this.flow.at(-1);
        if (top?.seq && !top.paired) {
          top.paired = true;
          this.flowWeight++;
          this.check(i);
        }
        this.tokenStart = true;
        this.afterQuoted = false;
      } else if ((c === '"' || c === "'") && this.tokenStart) {
        this.quote = c;
        i = this.scanQuote(line, i + 1) - 1;
        if (i < 0) return -1;
      } else {
        this.tokenStart = false;
        this.afterQuoted = false;
      }
    }
    return -1;
  }
}

function isFlowBreak(c: string | undefined): boolean {
  return isBlank(c) || c === ',' || c === '[' || c === ']' || c === '{' || c === '}';
}

/** Position of the `:` that makes the plain scalar at `pos` a key, or -1 (none, or a comment first). */
function plainKeyEnd(line: string, pos: number): number {
  for (let i = pos; i < line.length; i++) {
    const c = line[i];
    if (c === '#' && isBlank(line[i - 1])) return -1;
    if (c === ':' && isBlank(line[i + 1])) return i;
  }
  return -1;
}

/** The first map key that is itself a list or map (`? [a]: b`), or null; with `nestedOnly`, the first
 * such key inside another one. Keys of Kubernetes objects are text; collection keys inside collection
 * keys only serve to make `toJS` slow (it stringifies keys, level by level). */
export function findCollectionKey(doc: Document.Parsed, nestedOnly = false): YamlNode | null {
  const pending: { node: unknown; inKey: boolean }[] = [{ node: doc.contents, inKey: false }];
  while (pending.length > 0) {
    const { node, inKey } = pending.pop() as { node: unknown; inKey: boolean };
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isCollection(pair.key)) {
          if (inKey || !nestedOnly) return pair.key;
          pending.push({ node: pair.key, inKey: true });
        }
        pending.push({ node: pair.value, inKey });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push({ node: isPair(item) ? item.value : item, inKey });
    }
  }
  return null;
}

/** A document read within the limits, or why not (`tooDeep` when the nesting limit was passed). */
type LimitedParse = { ok: true; value: unknown } | { ok: false; message: string; tooDeep?: NestingFound };

/** Parses a single-document YAML text (a kustomization, a Chart.yaml) within the depth, key and alias limits. */
export function parseWithinLimits(text: string): LimitedParse {
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep) return { ok: false, message: `nests more than ${MAX_YAML_DEPTH} levels deep`, tooDeep };
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'error' });
  const firstError = doc.errors[0];
  if (firstError) return { ok: false, message: firstError.message };
  if (findCollectionKey(doc)) return { ok: false, message: 'has a list or mapping as a key' };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
