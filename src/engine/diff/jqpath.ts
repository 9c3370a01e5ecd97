/** A small, safe subset of jq path expressions, as ignoreDifferences' `jqPathExpressions` use them.
 *
 * Supported: `.a.b`, `."a/b"`, `.["a/b"]`, `.a[0]`, `.a[-1]`, `.a[]`, `?` after any step, `|` between steps, and
 * `select(COND)` where COND is `PATH == LITERAL`, `PATH != LITERAL`, `PATH | startswith("s")`, `endswith`,
 * `contains` (strings), `has("key")`, combined with `and`, `or` and parentheses. Everything else jq can do
 * (recursion `..`, arithmetic, `map`, `test` with its regular expressions, variables…) is refused with a Problem,
 * so a rule can never run for long or mean something other than a path. An expression names the paths that
 * Argo CD's `del(EXPR)` would delete. */
import type { Problem, Result } from '../problem.js';
import { fail, ok } from '../problem.js';
import type { JsonMap, JsonPath } from './json.js';
import { deepEqual, isMap } from './json.js';

type Literal = string | number | boolean | null;

/** One step of a path program. */
type Step =
  | { type: 'field'; name: string }
  | { type: 'index'; index: number }
  | { type: 'iterate' }
  | { type: 'select'; condition: Condition };

type Condition =
  | { type: 'compare'; path: Step[]; op: '==' | '!='; value: Literal }
  | { type: 'string-test'; path: Step[]; fn: 'startswith' | 'endswith' | 'contains'; arg: string }
  | { type: 'has'; path: Step[]; key: string }
  | { type: 'and' | 'or'; left: Condition; right: Condition };

/** A parsed expression, ready to run against any object. */
export interface JqPath {
  readonly text: string;
  readonly steps: readonly Step[];
}

type Token =
  | { t: 'field'; v: string; pos: number }
  | { t: 'ident'; v: string; pos: number }
  | { t: 'string'; v: string; pos: number }
  | { t: 'number'; v: number; pos: number }
  | { t: '.' | '[' | ']' | '|' | '(' | ')' | '?' | '==' | '!=' | 'end'; pos: number };

/** Longest expression accepted; real ignore rules are a line long. */
const MAX_LENGTH = 1000;
/** Deepest nesting of parentheses in a condition. */
const MAX_DEPTH = 16;

class JqSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

const identStart = /[A-Za-z_]/;
const identPart = /[A-Za-z0-9_]/;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readIdent = (): string => {
    const start = i;
    while (i < src.length && identPart.test(src[i]!)) i++;
    return src.slice(start, i);
  };
  while (i < src.length) {
    const c = src[i]!;
    const pos = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '.') {
      if (src[i + 1] === '.') throw new JqSyntaxError('recursive descent ".." is not supported', pos, true);
      i++;
      if (i < src.length && identStart.test(src[i]!)) tokens.push({ t: 'field', v: readIdent(), pos });
      else tokens.push({ t: '.', pos });
    } else if (c === '"') {
      // A JSON string literal; JSON.parse does the unescaping, so \u escapes behave as in jq.
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new JqSyntaxError('unterminated string', pos);
      let value: unknown;
      try {
        value = JSON.parse(src.slice(i, j + 1));
      } catch {
        throw new JqSyntaxError('invalid escape in string', pos);
      }
      if (src.slice(i, j + 1).includes('\\('))
        throw new JqSyntaxError('string interpolation is not supported', pos, true);
      tokens.push({ t: 'string', v: String(value), pos });
      i = j + 1;
    } else if (/[0-9-]/.test(c) && (c !== '-' || /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i));
      tokens.push({ t: 'number', v: Number(m![0]), pos });
      i += m![0].length;
    } else if (src.startsWith('==', i) || src.startsWith('!=', i)) {
      tokens.push({ t: src.slice(i, i + 2) as '==' | '!=', pos });
      i += 2;
    } else if ('[]|()?'.includes(c)) {
      tokens.push({ t: c as '[' | ']' | '|' | '(' | ')' | '?', pos });
      i++;
    } else if (identStart.test(c)) {
      tokens.push({ t: 'ident', v: readIdent(), pos });
    } else {
      const what = c === '$' ? 'variables' : c === ',' ? 'several outputs (",")' : `"${c}"`;
      throw new JqSyntaxError(`${what} not supported`, pos, true);
    }
  }
  tokens.push({ t: 'end', pos: src.length });
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private expect<T extends Token['t']>(t: T, what: string): Extract<Token, { t: T }> {
    const tok = this.next();
    if (tok.t !== t) throw new JqSyntaxError(`expected ${what}`, tok.pos);
    return tok as Extract<Token, { t: T }>;
  }

  program(): Step[] {
    const steps = this.pipeline();
    const tok = this.peek();
    if (tok.t !== 'end') throw new JqSyntaxError(`unexpected ${describe(tok)}`, tok.pos, tok.t === 'ident');
    return steps;
  }

  /** term ('|' term)*: a pipe of paths is just one longer path. */
  private pipeline(): Step[] {
    const steps = this.term();
    while (this.peek().t === '|') {
      this.next();
      steps.push(...this.term());
    }
    return steps;
  }

  private term(): Step[] {
    const tok = this.peek();
    if (tok.t === 'ident' && tok.v === 'select') {
      this.next();
      this.expect('(', '"(" after select');
      const condition = this.condition(0);
      this.expect(')', '")" closing select(');
      return [{ type: 'select', condition }];
    }
    if (tok.t === 'field' || tok.t === '.') return this.path();
    if (tok.t === 'ident') throw new JqSyntaxError(`function "${tok.v}" is not supported`, tok.pos, true);
    throw new JqSyntaxError(
      `expected a path starting with "." or select(...), found ${describe(tok)}`,
      tok.pos,
    );
  }

  /** `.a.b[0]["c"][]?` and friends; `.` alone is the identity (no step). */
  private path(): Step[] {
    const steps: Step[] = [];
    const first = this.next();
    if (first.t === 'field') steps.push({ type: 'field', name: first.v });
    else if (this.peek().t === 'string')
      steps.push({ type: 'field', name: (this.next() as { v: string }).v });
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'field') {
        this.next();
        steps.push({ type: 'field', name: tok.v });
      } else if (tok.t === '[') {
        this.next();
        steps.push(this.bracket());
      } else if (tok.t === '?') {
        // Our evaluator never raises on a type mismatch (it yields nothing), so `?` changes nothing.
        this.next();
      } else if (tok.t === '.') {
        this.next();
        const after = this.peek();
        if (after.t === 'string') steps.push({ type: 'field', name: (this.next() as { v: string }).v });
        else if (after.t !== '[') throw new JqSyntaxError('expected a field name after "."', after.pos);
      } else {
        return steps;
      }
    }
  }

  private bracket(): Step {
    const tok = this.next();
    let step: Step;
    if (tok.t === ']') return { type: 'iterate' };
    if (tok.t === 'string') step = { type: 'field', name: tok.v };
    else if (tok.t === 'number' && Number.isInteger(tok.v)) step = { type: 'index', index: tok.v };
    else
      throw new JqSyntaxError(
        'only [], ["key"] and [index] are supported inside brackets (no slices)',
        tok.pos,
        true,
      );
    this.expect(']', '"]"');
    return step;
  }

  private condition(depth: number): Condition {
    let left = this.conjunction(depth);
    while (this.peekIdent('or')) {
      this.next();
      left = { type: 'or', left, right: this.conjunction(depth) };
    }
    return left;
  }

  private conjunction(depth: number): Condition {
    let left = this.atom(depth);
    while (this.peekIdent('and')) {
      this.next();
      left = { type: 'and', left, right: this.atom(depth) };
    }
    return left;
  }

  private peekIdent(name: string): boolean {
    const tok = this.peek();
    return tok.t === 'ident' && tok.v === name;
  }

  private atom(depth: number): Condition {
    const tok = this.peek();
    if (tok.t === '(') {
      if (depth >= MAX_DEPTH) throw new JqSyntaxError('conditions nested too deeply', tok.pos, true);
      this.next();
      const inner = this.condition(depth + 1);
      this.expect(')', '")"');
      return inner;
    }
    if (tok.t === 'ident' && tok.v === 'has') {
      this.next();
      this.expect('(', '"(" after has');
      const key = this.expect('string', 'a string key in has(...)').v;
      this.expect(')', '")"');
      return { type: 'has', path: [], key };
    }
    if (tok.t !== 'field' && tok.t !== '.') {
      throw new JqSyntaxError(
        `a condition must start with a path such as .name, found ${describe(tok)}`,
        tok.pos,
        tok.t === 'ident',
      );
    }
    const path = this.path();
    const op = this.next();
    if (op.t === '==' || op.t === '!=') return { type: 'compare', path, op: op.t, value: this.literal() };
    if (op.t === '|') {
      const fn = this.next();
      if (fn.t === 'ident' && (fn.v === 'startswith' || fn.v === 'endswith' || fn.v === 'contains')) {
        this.expect('(', `"(" after ${fn.v}`);
        const arg = this.expect('string', `a string argument to ${fn.v}`).v;
        this.expect(')', '")"');
        return { type: 'string-test', path, fn: fn.v, arg };
      }
      if (fn.t === 'ident' && fn.v === 'has') {
        this.expect('(', '"(" after has');
        const key = this.expect('string', 'a string key in has(...)').v;
        this.expect(')', '")"');
        return { type: 'has', path, key };
      }
      throw new JqSyntaxError(
        'only startswith, endswith, contains and has may follow "|" in a condition',
        fn.pos,
        true,
      );
    }
    throw new JqSyntaxError(
      `expected ==, != or "|" after the path in a condition, found ${describe(op)}`,
      op.pos,
      true,
    );
  }

  private literal(): Literal {
    const tok = this.next();
    if (tok.t === 'string' || tok.t === 'number') return tok.v;
    if (tok.t === 'ident' && (tok.v === 'true' || tok.v === 'false')) return tok.v === 'true';
    if (tok.t === 'ident' && tok.v === 'null') return null;
    throw new JqSyntaxError('expected a string, number, true, false or null', tok.pos, true);
  }
}

function describe(tok: Token): string {
  if (tok.t === 'end') return 'end of expression';
  if ('v' in tok) return JSON.stringify(tok.v);
  return `"${tok.t}"`;
}

/** Parses an expression of the supported subset, or says plainly what is not supported and where. */
export function parseJqPath(text: string, field?: string): Result<JqPath> {
  const problem = (code: string, message: string, hint: string): Problem => ({
    code,
    message: `jq path ${JSON.stringify(text)}: ${message}`,
    hint,
    ...(field ? { source: { field } } : {}),
  });
  if (text.length > MAX_LENGTH)
    return fail(
      problem(
        'diff.jq-unsupported',
        `longer than ${MAX_LENGTH} characters`,
        'Split it into several expressions.',
      ),
    );
  try {
    const steps = new Parser(tokenize(text)).program();
    if (steps.length === 0) {
      return fail(
        problem('diff.jq-unsupported', 'it names the whole object', 'Name a field, e.g. .spec.replicas.'),
      );
    }
    return ok({ text, steps });
  } catch (e) {
    if (!(e instanceof JqSyntaxError)) throw e;
    const where = `${e.message} at column ${e.pos + 1}`;
    return e.unsupported
      ? fail(
          problem(
            'diff.jq-unsupported',
            where,
            'flotilla supports paths (.a.b, .["k"], [n], []), pipes and select() with ==, !=, startswith, endswith, contains, has, and, or.',
          ),
        )
      : fail(
          problem(
            'diff.jq-syntax',
            where,
            'Check the expression, e.g. .spec.template.spec.containers[] | select(.name == "app") | .image',
          ),
        );
  }
}

interface Located {
  value: unknown;
  path: JsonPath;
}

function step(items: Located[], s: Step): Located[] {
  const out: Located[] = [];
  for (const { value, path } of items) {
    switch (s.type) {
      case 'field':
        if (isMap(value) && Object.hasOwn(value, s.name))
          out.push({ value: value[s.name], path: [...path, s.name] });
        break;
      case 'index':
        if (Array.isArray(value)) {
          const index = s.index < 0 ? value.length + s.index : s.index;
          if (index >= 0 && index < value.length) out.push({ value: value[index], path: [...path, index] });
        }
        break;
      case 'iterate':
        if (Array.isArray(value)) value.forEach((v, i) => out.push({ value: v, path: [...path, i] }));
        else if (isMap(value))
          for (const [k, v] of Object.entries(value)) out.push({ value: v, path: [...path, k] });
        break;
      case 'select':
        if (holds(s.condition, value)) out.push({ value, path });
        break;
    }
  }
  return out;
}

/** Values a relative path yields; a missing field (or a field of null) reads as null, as in jq. */
function valuesAt(value: unknown, steps: Step[]): unknown[] {
  let items: Located[] = [{ value, path: [] }];
  for (const s of steps) {
    if (s.type === 'field') {
      items = items.flatMap(({ value: v, path }) =>
        isMap(v)
          ? [{ value: v[s.name] ?? null, path: [...path, s.name] }]
          : v === null
            ? [{ value: null, path }]
            : [],
      );
    } else {
      items = step(items, s);
    }
  }
  return items.map((i) => i.value);
}

function holds(c: Condition, value: unknown): boolean {
  switch (c.type) {
    case 'and':
      return holds(c.left, value) && holds(c.right, value);
    case 'or':
      return holds(c.left, value) || holds(c.right, value);
    case 'compare':
      return valuesAt(value, c.path).some((v) => deepEqual(v, c.value) === (c.op === '=='));
    case 'has':
      return valuesAt(value, c.path).some((v) => isMap(v) && Object.hasOwn(v as JsonMap, c.key));
    case 'string-test':
      return valuesAt(value, c.path).some(
        (v) =>
          typeof v === 'string' &&
          (c.fn === 'startswith'
            ? v.startsWith(c.arg)
            : c.fn === 'endswith'
              ? v.endsWith(c.arg)
              : v.includes(c.arg)),
      );
  }
}

/** The concrete paths the expression names in `root` (what `del(EXPR)` would delete). */
export function resolveJqPath(expr: JqPath, root: unknown): JsonPath[] {
  let items: Located[] = [{ value: root, path: [] }];
  for (const s of expr.steps) items = step(items, s);
  return items.map((i) => i.path).filter((p) => p.length > 0);
}
