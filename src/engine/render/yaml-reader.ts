/** Reads manifest text the way the API server receives it from kubectl, with file positions.
 *
 * kubectl, Argo CD and Flux convert YAML to JSON with sigs.k8s.io/yaml, which resolves plain scalars
 * with go-yaml v2's YAML 1.1 rules. Reading with YAML 1.2 would make flotilla's desired state differ
 * from what the cluster stores, so this reader uses the `yaml` package's 1.1 schema, adjusted to match
 * go-yaml v2 where they differ:
 *   - `yes/no/on/off/y/n` (any case form) are booleans, also as keys (`on:` becomes the key "true");
 *   - `0644` is octal (420), `0x1F` hex, `0b101` binary, and `0o17` octal as Go's ParseInt reads it;
 *   - timestamps and sexagesimal numbers (`12:30`) stay strings: go-yaml v2 hands timestamps to
 *     untyped targets as strings and has no base-60 numbers;
 *   - merge keys (`<<`) are honoured.
 * Deliberate strictness beyond kubectl: duplicate keys are an error (kubectl keeps the last one
 * silently, which hides typos), and more than 100 aliases in a document is an error (billion laughs).
 * `.json` files go through the same reader (JSON is YAML), which gives them positions too.
 */
import { isMap, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, ParsedNode, ScalarTag, Tags } from 'yaml';
import type { Problem } from '../problem.js';
import type { ObjectSource } from './types.js';

/** One non-empty YAML document (or one item of a `kind: List`), as plain JSON, with its position. */
export interface RawDocument {
  value: unknown;
  source: ObjectSource;
}

/** Documents read from one text, and the problems that stopped the others. */
export interface ReadResult {
  documents: RawDocument[];
  problems: Problem[];
}

/** `0o17`: not YAML 1.1, but go-yaml v2 passes plain scalars to Go's ParseInt, which accepts it. */
const goOctal: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  default: true,
  identify: () => false,
  test: /^[-+]?0o[0-7_]+$/,
  resolve: (text) => {
    const sign = text.startsWith('-') ? -1 : 1;
    return sign * parseInt(text.replace(/^[-+]?0o/, '').replace(/_/g, ''), 8);
  },
};

function goYamlV2Tags(tags: Tags): Tags {
  const kept = tags.filter(
    (tag) => typeof tag !== 'object' || (tag.format !== 'TIME' && tag.tag !== 'tag:yaml.org,2002:timestamp'),
  );
  return [goOctal, ...kept];
}

const parseOptions = {
  version: '1.1' as const,
  customTags: goYamlV2Tags,
  uniqueKeys: true,
  prettyErrors: false,
  // Warnings (such as a mapping used as a key) would be printed to the process, over the TUI.
  logLevel: 'error' as const,
};

/** Parses every document of `text`; `file` names the source in objects and problems. */
export function readManifests(
  text: string,
  file: string,
  options: { helmSources?: boolean } = {},
): ReadResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { ...parseOptions, lineCounter });
  const result: ReadResult = { documents: [], problems: [] };
  if (!Array.isArray(docs)) return result; // an empty stream
  for (const doc of docs) readDocument(doc, text, file, lineCounter, options.helmSources === true, result);
  return result;
}

function readDocument(
  doc: Document.Parsed,
  text: string,
  file: string,
  lines: LineCounter,
  helmSources: boolean,
  out: ReadResult,
): void {
  const at = (offset: number): ObjectSource => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      out.problems.push({
        code: 'render.yaml-syntax',
        message: `YAML syntax error: ${error.message}`,
        source: at(error.pos[0]),
      });
    }
    return;
  }
  const contents = doc.contents as ParsedNode | null;
  if (!contents) return;
  const source = at(contents.range[0]);
  if (helmSources) {
    const template = /^# Source: (.+)$/m.exec(text.slice(doc.range[0], contents.range[0]))?.[1]?.trim();
    if (template) source.template = template;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // toJS throws only on alias abuse (count limit, undefined or cyclic aliases)
    out.problems.push({
      code: 'render.yaml-syntax',
      message: `YAML error: ${(error as Error).message}`,
      source,
    });
    return;
  }
  if (value === null || value === undefined) return;
  if (isListObject(value) && isMap(contents)) {
    const itemsNode = contents.get('items', true);
    const positions = isSeq(itemsNode) ? itemsNode.items.map((item) => (item as ParsedNode).range[0]) : [];
    value.items.forEach((item, i) => {
      const offset = positions[i];
      const itemSource =
        offset === undefined
          ? source
          : { ...at(offset), ...(source.template ? { template: source.template } : {}) };
      out.documents.push({ value: item, source: itemSource });
    });
    return;
  }
  out.documents.push({ value, source });
}

/** `kind: List` (or `FooList`) with `items`: kubectl applies the items, so they are the objects. */
function isListObject(value: unknown): value is { kind: string; items: unknown[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { kind, items } = value as { kind?: unknown; items?: unknown };
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items);
}
