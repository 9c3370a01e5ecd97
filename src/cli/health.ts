/** `flotilla health`: health of each object in a YAML stream, judged offline by the engine's rules. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Document } from 'yaml';
import { LineCounter, isMap, isNode, isSeq, parseAllDocuments } from 'yaml';
import { assessHealth } from '../engine/health/index.js';
import type { HealthStatus } from '../engine/health/index.js';
import type { KubeObject } from '../engine/objects.js';
import type { Problem } from '../engine/problem.js';
import { formatProblem } from '../engine/problem.js';
import { jsonForTerminal } from '../engine/safe-output.js';
import { terminalSafe, terminalSafeLines } from '../engine/safe-text.js';
import type { CliCommand, CliIo } from './command.js';

/** One output row; also the JSON shape of `-o json`. */
interface HealthRow {
  kind: string;
  namespace: string;
  name: string;
  status: HealthStatus | null;
  message: string;
}

/** What a YAML stream holds: the objects, and problems that make it unreadable or parts skipped. */
interface ParsedStream {
  objects: KubeObject[];
  errors: Problem[];
  skipped: Problem[];
}

const usage = `usage: flotilla health -f FILE|- [-o table|json]

Judges the health of each Kubernetes object in a YAML stream (several documents, or a List
such as \`kubectl get -o yaml\` prints), with the same rules flotilla applies to live objects.
No cluster is needed.

options:
  -f, --filename FILE   the YAML file to read; - reads standard input
  -o, --output FORMAT   table (default) or json: an array of {kind, namespace, name, status, message};
                        status is null for kinds without health (ConfigMap, Secret, RBAC…)

exit codes: 0 done (whatever the health), 2 usage error, unreadable file or malformed YAML
`;

class UsageError extends Error {}

function parseOptions(args: string[]): { file: string; output: 'table' | 'json' } {
  let values: { filename?: string; output?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { filename: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.filename === undefined)
    throw new UsageError('missing -f FILE (use -f - to read standard input)');
  const output = values.output ?? 'table';
  if (output !== 'table' && output !== 'json')
    throw new UsageError(`unknown output format "${output}": use table or json`);
  return { file: values.filename, output };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function readSource(file: string, io: CliIo): Promise<string> {
  if (file === '-') {
    if (!io.stdin) throw new Error('no standard input to read from');
    return readAll(io.stdin);
  }
  try {
    return await readFile(resolve(io.cwd, file), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
    throw new Error(`cannot read ${file}: ${reason}`);
  }
}

function isKubeObject(value: unknown): value is KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.apiVersion === 'string' &&
    typeof v.kind === 'string' &&
    typeof v.metadata === 'object' &&
    v.metadata !== null
  );
}

/** Where a node starts, as 1-based line and column. */
function positionOf(offset: number | undefined, lines: LineCounter): { line?: number; column?: number } {
  if (offset === undefined) return {};
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** Where item `i` of a parsed sequence starts, if it is one. */
function itemOffset(seq: unknown, i: number): number | undefined {
  const item: unknown = isSeq(seq) ? seq.items[i] : undefined;
  return isNode(item) ? item.range?.[0] : undefined;
}

/** The objects in one document: the document itself, or the items of a `kind: …List`. */
function objectsOfDocument(
  doc: Document.Parsed,
  index: number,
  file: string,
  lines: LineCounter,
  into: ParsedStream,
): void {
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (value === null || value === undefined) return;
  const skip = (offset: number | undefined, what: string): void => {
    into.skipped.push({
      code: 'health.not-an-object',
      message: `${what} is not a Kubernetes object (no apiVersion, kind and metadata); skipped`,
      source: { file, ...positionOf(offset, lines) },
    });
  };
  const record = value as Record<string, unknown>;
  const items = record.items;
  if (typeof record.kind === 'string' && record.kind.endsWith('List') && Array.isArray(items)) {
    const itemNodes = isMap(doc.contents) ? doc.contents.get('items', true) : undefined;
    items.forEach((item, i) => {
      if (isKubeObject(item)) into.objects.push(item);
      else skip(itemOffset(itemNodes, i), `item ${i + 1} of document ${index + 1}`);
    });
    return;
  }
  if (isKubeObject(value)) into.objects.push(value);
  else skip(isNode(doc.contents) ? doc.contents.range?.[0] : doc.range[0], `document ${index + 1}`);
}

/** Parses a multi-document YAML stream; syntax errors come back with line and column. */
function parseStream(text: string, file: string): ParsedStream {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const parsed: ParsedStream = { objects: [], errors: [], skipped: [] };
  for (const doc of docs) {
    for (const err of doc.errors) {
      parsed.errors.push({
        code: 'health.yaml',
        message: `malformed YAML: ${err.message}`,
        source: { file, ...positionOf(err.pos[0], lines) },
      });
    }
  }
  if (parsed.errors.length > 0) return parsed;
  docs.forEach((doc, index) => {
    try {
      objectsOfDocument(doc, index, file, lines, parsed);
    } catch (err) {
      // toJS throws on alias bombs and unresolved aliases, which the parser itself accepts.
      parsed.errors.push({
        code: 'health.yaml',
        message: `malformed YAML: ${(err as Error).message}`,
        source: { file, ...positionOf(doc.range[0], lines) },
      });
    }
  });
  return parsed;
}

function rowOf(obj: KubeObject): HealthRow {
  const health = assessHealth(obj);
  return {
    kind: obj.kind,
    // Hand-written YAML may hold a number where a string belongs; the table pads strings only.
    namespace: String(obj.metadata.namespace ?? ''),
    name: String(obj.metadata.name ?? obj.metadata.generateName ?? ''),
    status: health?.status ?? null,
    message: health?.message ?? '',
  };
}

/** Aligned columns; a message is kept to one line so rows stay rows, and every cell is made safe for the
 * terminal (objects may come straight from a cluster). */
function formatTable(rows: HealthRow[]): string {
  const cells = rows.map((r) =>
    [r.kind, r.namespace || '-', r.name, r.status ?? '-', r.message.replace(/\s*\n\s*/g, ' ')].map(
      terminalSafe,
    ),
  );
  const table = [['KIND', 'NAMESPACE', 'NAME', 'HEALTH', 'MESSAGE'], ...cells];
  const widths = [0, 1, 2, 3].map((col) => Math.max(...table.map((row) => row[col]?.length ?? 0)));
  return table
    .map((row) =>
      row
        .map((cell, col) => (col < widths.length ? cell.padEnd(widths[col] ?? 0) : cell))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A problem as printed: its text may quote the untrusted stream. */
const safeProblem = (p: Problem): string => terminalSafeLines(formatProblem(p));

async function run(args: string[], io: CliIo): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(
      `flotilla health: ${err.message}\n${usage.split('\n')[0]}\nRun \`flotilla health --help\` for details.\n`,
    );
    return 2;
  }
  const label = options.file === '-' ? '<stdin>' : options.file;
  const parsed = parseStream(await readSource(options.file, io), label);
  if (parsed.errors.length > 0) {
    io.stderr.write(parsed.errors.map((p) => `flotilla health: ${safeProblem(p)}\n`).join(''));
    return 2;
  }
  for (const p of parsed.skipped) io.stderr.write(`flotilla health: ${safeProblem(p)}\n`);
  const rows = parsed.objects.map(rowOf);
  if (options.output === 'json') io.stdout.write(`${jsonForTerminal(rows)}\n`);
  else if (rows.length === 0) io.stderr.write(`flotilla health: no Kubernetes objects in ${label}\n`);
  else io.stdout.write(`${formatTable(rows)}\n`);
  return 0;
}

/** The `health` sub-command. */
export const healthCommand: CliCommand = {
  name: 'health',
  summary: 'health of each object in a YAML file or stream (no cluster needed)',
  usage,
  run,
};
