/**
 * User key overrides from `$XDG_CONFIG_HOME/flotilla/keys.yaml`:
 *
 *     nav.down: [j, down]
 *     app.diff: ctrl+d        # one key or a list
 *     app.commits: []         # unbind
 *
 * Every problem is reported with file and line and the affected command keeps its default keys;
 * nothing here throws: the result carries the registry and the list of errors.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, Pair } from 'yaml';
import { parseChord } from './chord.js';
import type { CommandRegistry } from './registry.js';

/** The registry after overrides, and what was wrong with the file. */
interface KeyOverridesResult {
  registry: CommandRegistry;
  errors: string[];
}

interface Override {
  id: string;
  keys: string[];
  line: number;
}

/** Reads `path` and applies it; a missing file means "no overrides", not an error. */
export function loadKeyOverrides(
  registry: CommandRegistry,
  path: string,
  readFile: (p: string) => string = (p) => readFileSync(p, 'utf8'),
): KeyOverridesResult {
  let text: string;
  try {
    text = readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { registry, errors: [] };
    return { registry, errors: [`${path}: cannot read: ${(err as Error).message}; using default keys`] };
  }
  return applyKeyOverrides(registry, text, path);
}

/** Applies the YAML text of a keys file to the registry. */
export function applyKeyOverrides(registry: CommandRegistry, text: string, file: string): KeyOverridesResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined): number =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return {
      registry,
      errors: [
        `${file}:${lineOf(e?.pos[0])}: invalid YAML: ${firstLine(e?.message ?? '')}; using default keys`,
      ],
    };
  }
  if (doc.contents === null) return { registry, errors: [] };
  if (!isMap(doc.contents))
    return { registry, errors: [`${file}:1: expected a map of command id to keys; using default keys`] };

  const errors: string[] = [];
  const overrides: Override[] = [];
  for (const pair of doc.contents.items as Pair<Node, Node>[]) {
    const line = lineOf(pair.key?.range?.[0]);
    const parsed = readPair(pair, registry, (msg) => errors.push(`${file}:${line}: ${msg}`));
    if (parsed) overrides.push({ ...parsed, line });
  }
  return { registry: resolveConflicts(registry, overrides, file, errors), errors };
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function readPair(
  pair: Pair<Node, Node>,
  registry: CommandRegistry,
  report: (msg: string) => void,
): { id: string; keys: string[] } | undefined {
  const id = isScalar(pair.key) ? String(pair.key.value) : '';
  if (!registry.get(id)) {
    const guess = closest(
      id,
      registry.commands.map((c) => c.id),
    );
    report(`unknown command "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; ignored`);
    return undefined;
  }
  const value = pair.value;
  let raw: unknown[];
  if (isSeq(value)) raw = value.items.map((i) => (isScalar(i) ? i.value : i));
  else if (isScalar(value) && value.value !== null) raw = [value.value];
  else {
    report(`keys for "${id}" must be a key or a list of keys; keeping its defaults`);
    return undefined;
  }
  const keys: string[] = [];
  for (const k of raw) {
    const parsed = parseChord(typeof k === 'string' || typeof k === 'number' ? String(k) : '');
    if (!parsed.ok) {
      report(`${parsed.error}; keeping the defaults of "${id}"`);
      return undefined;
    }
    if (!keys.includes(parsed.chord)) keys.push(parsed.chord);
  }
  return { id, keys };
}

/**
 * Applies all overrides together (so swapping two keys works), then undoes the override with the
 * highest line number in each remaining conflict until none is left.
 */
function resolveConflicts(
  base: CommandRegistry,
  overrides: Override[],
  file: string,
  errors: string[],
): CommandRegistry {
  const active = new Map(overrides.map((o) => [o.id, o]));
  const build = (): CommandRegistry =>
    base.withKeys(new Map([...active.values()].map((o) => [o.id, o.keys])));
  let registry = build();
  for (let guard = 0; guard <= overrides.length; guard++) {
    const conflict = registry.conflicts().find((c) => active.has(c.a) || active.has(c.b));
    if (!conflict) break;
    const [loser, winner] = pickLoser(active, conflict.a, conflict.b);
    errors.push(
      `${file}:${loser.line}: key "${conflict.chord}" for "${loser.id}" is already bound to "${winner}" in ${conflict.context}; keeping the defaults of "${loser.id}"`,
    );
    active.delete(loser.id);
    registry = build();
  }
  return registry;
}

function pickLoser(active: Map<string, Override>, a: string, b: string): [Override, string] {
  const oa = active.get(a);
  const ob = active.get(b);
  if (oa && ob) return oa.line > ob.line ? [oa, b] : [ob, a];
  return oa ? [oa, b] : [ob as Override, a];
}

/** The candidate nearest to `word` by edit distance, if it is close enough to be a typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
