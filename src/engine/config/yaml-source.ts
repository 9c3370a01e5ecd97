/** The fleet file as parsed YAML that remembers positions, so every problem can name file, line and column. */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Problem, Result, SourceRef } from '../problem.js';
import { fail, ok } from '../problem.js';
import { findCollectionKey, findExcessiveNesting, MAX_YAML_ALIASES, MAX_YAML_DEPTH } from '../yaml-limits.js';

/** A field path such as `['apps', 2, 'destination', 'cluster']`. */
export type FieldPath = readonly (string | number)[];

/** One parsed fleet file: its text, its YAML document, and the line counter for positions. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
}

/** Parses `text` as one non-empty YAML document; syntax errors come back as problems with line and column. */
export function parseYamlSource(text: string, file: string): Result<{ source: YamlSource; data: unknown }> {
  const tooDeep = findExcessiveNesting(text);
  // Checked before parsing: composing such a text would exhaust the stack.
  if (tooDeep) return fail(tooDeepProblem(file, tooDeep.line, tooDeep.column));
  const lineCounter = new LineCounter();
  // logLevel 'error': yaml would otherwise print warnings to the process; problems are reported as data.
  const docs = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: 'error',
  });
  if (!Array.isArray(docs)) return fail(emptyFileProblem(file));
  const syntax = docs.flatMap((doc) =>
    doc.errors.map((e) => syntaxProblem(e.message, e.code, e.pos[0], file, lineCounter)),
  );
  if (syntax.length > 0) return fail(...syntax);
  const [first, second] = docs;
  if (second) return fail(extraDocumentProblem(second, file, lineCounter));
  if (!first || first.contents === null) return fail(emptyFileProblem(file));
  const source: YamlSource = { file, text, doc: first, lineCounter };
  // A single `{{placeholder}}` written unquoted is a map used as a key: the schema explains that one better.
  const collectionKey = findCollectionKey(first, true);
  if (collectionKey) {
    return fail({
      code: 'config.yaml-syntax',
      message: 'A mapping key holds another list or mapping as a key; every key of the fleet file is text.',
      source: positionOf(source, collectionKey.range?.[0]),
    });
  }
  try {
    // Anchors may repeat a node, but a file that expands past the alias limit is refused (billion laughs).
    return ok({ source, data: first.toJS({ maxAliasCount: MAX_YAML_ALIASES }) });
  } catch (error) {
    // toJS throws only for alias bombs and unresolvable aliases; both are the user's YAML, not a bug.
    return fail({
      code: 'config.yaml-syntax',
      message: `The YAML cannot be read: ${(error as Error).message}`,
      source: { file },
    });
  }
}

/** `apps[2].destination.cluster`; keys that are not plain words are quoted: `labels["app.kubernetes.io/name"]`. */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Where the field at `path` is written. `at: 'key'` points at the key rather than the value (unknown
 * fields). For a missing field it points at the nearest written parent, so the user still lands near it.
 */
export function sourceAt(src: YamlSource, path: FieldPath, at: 'value' | 'key' = 'value'): SourceRef {
  const found = walk(src, path);
  const complete = found.depth === path.length;
  const useKey = found.keyNode && (at === 'key' || !complete || isEmptyValue(found.node));
  const offset = useKey ? found.keyNode?.range?.[0] : found.node?.range?.[0];
  return { ...positionOf(src, offset), field: formatFieldPath(path) };
}

/**
 * Position of the `occurrence`-th (0-based) `needle` inside the scalar written at `path`, e.g. one
 * placeholder of a template string; the scalar's own position when the needle is not found as written.
 */
export function sourceInScalar(src: YamlSource, path: FieldPath, needle: string, occurrence = 0): SourceRef {
  const found = walk(src, path);
  const range =
    found.depth === path.length && found.node && isScalar(found.node) ? found.node.range : undefined;
  if (!range) return sourceAt(src, path);
  const written = src.text.slice(range[0], range[1]);
  let index = -1;
  for (let n = 0; n <= occurrence; n++) {
    index = written.indexOf(needle, index + 1);
    if (index < 0) break;
  }
  return { ...positionOf(src, index < 0 ? range[0] : range[0] + index), field: formatFieldPath(path) };
}

/** File, line and column of a character offset. */
function positionOf(src: YamlSource, offset: number | undefined): SourceRef {
  if (offset === undefined) return { file: src.file };
  const { line, col } = src.lineCounter.linePos(offset);
  return { file: src.file, line, column: col };
}

interface WalkResult {
  /** How many segments of the path were found. */
  depth: number;
  node: YamlNode | undefined;
  /** The key of the last map entry walked through, when the last step was a map key. */
  keyNode: YamlNode | undefined;
}

/** Follows `path` through maps and sequences (and aliases) as far as the document goes. */
function walk(src: YamlSource, path: FieldPath): WalkResult {
  let node = resolveAlias(src, src.doc.contents ?? undefined);
  let keyNode: YamlNode | undefined;
  let depth = 0;
  for (const segment of path) {
    const next = step(node, segment);
    if (!next) break;
    node = resolveAlias(src, next.value);
    keyNode = next.key;
    depth++;
  }
  return { depth, node, keyNode };
}

function step(
  node: YamlNode | undefined,
  segment: string | number,
): { value: YamlNode | undefined; key: YamlNode | undefined } | undefined {
  if (typeof segment === 'number' && isSeq(node)) {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item as YamlNode, key: undefined };
  }
  if (typeof segment === 'string' && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment);
    return pair
      ? { value: (pair.value ?? undefined) as YamlNode | undefined, key: pair.key as YamlNode }
      : undefined;
  }
  return undefined;
}

function resolveAlias(src: YamlSource, node: YamlNode | undefined): YamlNode | undefined {
  return isAlias(node) ? ((node.resolve(src.doc) as YamlNode | undefined) ?? node) : node;
}

function isEmptyValue(node: YamlNode | undefined): boolean {
  return node === undefined || (isScalar(node) && node.value === null && node.source === '');
}

function syntaxProblem(
  message: string,
  code: string,
  offset: number,
  file: string,
  lineCounter: LineCounter,
): Problem {
  const { line, col } = lineCounter.linePos(offset);
  return {
    code: 'config.yaml-syntax',
    message: `The file is not valid YAML: ${message.replace(/\.$/, '')} (${code}).`,
    hint: 'Fix the YAML at this position; indentation, a missing ":" or an unclosed bracket or quote are the usual causes.',
    source: { file, line, column: col },
  };
}

function extraDocumentProblem(doc: Document.Parsed, file: string, lineCounter: LineCounter): Problem {
  const { line, col } = lineCounter.linePos(doc.range[0]);
  return {
    code: 'config.multiple-documents',
    message: 'The fleet file holds more than one YAML document; it must hold exactly one.',
    hint: 'Remove the "---" separator and merge the documents into one.',
    source: { file, line, column: col },
  };
}

function tooDeepProblem(file: string, line: number, column: number): Problem {
  return {
    code: 'config.yaml-too-deep',
    message: `The file nests more than ${MAX_YAML_DEPTH} levels deep, so it is not read.`,
    hint: 'Flatten the structure; no fleet file needs this depth.',
    source: { file, line, column },
  };
}

function emptyFileProblem(file: string): Problem {
  return {
    code: 'config.empty',
    message: 'The fleet file is empty.',
    hint: 'Describe at least one repo and one app; see docs/config.md for a complete example.',
    source: { file },
  };
}
