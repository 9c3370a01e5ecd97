/** `flotilla health`: health of each object in a YAML stream, judged offline by the engine's rules. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { assessHealth } from '../engine/health/index.js';
import type { HealthStatus } from '../engine/health/index.js';
import type { KubeObject } from '../engine/objects.js';
import type { Problem } from '../engine/problem.js';
import { formatProblem } from '../engine/problem.js';
import { redactProblem } from '../engine/redact.js';
import { readManifests } from '../engine/render/index.js';
import { jsonForTerminal } from '../engine/safe-output.js';
import { oneLine, terminalSafeLines } from '../engine/safe-text.js';
import type { CliCommand, CliIo } from './command.js';
import { ExitCode } from './exit-codes.js';
import { formatTable } from './table.js';

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

The stream is read as kubectl reads it (YAML 1.1: yes/no are booleans, 0644 is octal); a key
given twice in one mapping is an error.

exit status: 0 no object is Degraded, 1 some object is Degraded, 2 usage error, unreadable file or
malformed YAML
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

/** Reads the stream as kubectl would send it (the engine's manifest reader: YAML 1.1, Lists unpacked). */
function parseStream(text: string, file: string): ParsedStream {
  const read = readManifests(text, file);
  const parsed: ParsedStream = { objects: [], errors: read.problems, skipped: [] };
  for (const { value, source } of read.documents) {
    if (isKubeObject(value)) parsed.objects.push(value);
    else
      parsed.skipped.push({
        code: 'health.not-an-object',
        message: 'not a Kubernetes object (no apiVersion, kind and metadata); skipped',
        source: { file, line: source.line, column: source.column },
      });
  }
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

/** Table cells of a row; a message is kept to one line so rows stay rows. */
function tableCells(r: HealthRow): string[] {
  return [r.kind, r.namespace || '-', r.name, r.status ?? '-', oneLine(r.message)];
}

/** A problem as printed: credentials masked, and its text (it may quote the stream) made safe. */
const safeProblem = (p: Problem): string => terminalSafeLines(formatProblem(redactProblem(p)));

async function run(args: string[], io: CliIo): Promise<ExitCode> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(
      `flotilla health: ${err.message}\n${usage.split('\n')[0]}\nRun \`flotilla health --help\` for details.\n`,
    );
    return ExitCode.UsageOrConfig;
  }
  const label = options.file === '-' ? '<stdin>' : options.file;
  const parsed = parseStream(await readSource(options.file, io), label);
  if (parsed.errors.length > 0) {
    io.stderr.write(parsed.errors.map((p) => `flotilla health: ${safeProblem(p)}\n`).join(''));
    return ExitCode.UsageOrConfig;
  }
  for (const p of parsed.skipped) io.stderr.write(`flotilla health: ${safeProblem(p)}\n`);
  const rows = parsed.objects.map(rowOf);
  if (options.output === 'json') io.stdout.write(`${jsonForTerminal(rows)}\n`);
  else if (rows.length === 0) io.stderr.write(`flotilla health: no Kubernetes objects in ${label}\n`);
  else io.stdout.write(formatTable(['KIND', 'NAMESPACE', 'NAME', 'HEALTH', 'MESSAGE'], rows.map(tableCells)));
  return rows.some((r) => r.status === 'Degraded') ? ExitCode.Negative : ExitCode.Ok;
}

/** The `health` sub-command. */
export const healthCommand: CliCommand = {
  name: 'health',
  summary: 'health of each object in a YAML file or stream (no cluster needed)',
  usage,
  run,
};
