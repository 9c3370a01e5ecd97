/** External renderers (kustomize, kubectl, helm): finding them and running them without a shell. */
import { execFile } from 'node:child_process';
import type { ExecFileException } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { fail, ok } from '../problem.js';
import type { Problem, Result } from '../problem.js';
import type { ToolPaths } from './types.js';

/** A tool flotilla can shell out to. */
type ToolName = keyof ToolPaths;

/** How to install each tool, for the missing-tool hint. */
const installHints: Record<ToolName, string> = {
  kustomize:
    'Install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl, which includes it',
  kubectl: 'Install kubectl (https://kubernetes.io/docs/tasks/tools/)',
  helm: 'Install helm 3 (https://helm.sh/docs/intro/install/)',
};

/** Where a tool is: the configured path if given (checked), else the first executable on PATH. */
export async function findTool(
  name: ToolName,
  configured: ToolPaths,
  env: Record<string, string | undefined>,
): Promise<string | null> {
  const explicit = configured[name];
  if (explicit) return (await isExecutable(explicit)) ? explicit : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue; // a relative PATH entry would resolve against the temp folder
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Problem for an app whose renderer's tool (and any fallback) is not installed. */
export function toolMissing(tools: ToolName[], why: string, configured: ToolPaths): Problem {
  const explicit = tools
    .filter((tool) => configured[tool])
    .map((tool) => `${tool} is configured as ${configured[tool]}, which is not an executable file`);
  const names = tools.join(' or ');
  return {
    code: 'render.tool-missing',
    message:
      explicit.length > 0
        ? `${why}, but ${explicit.join('; ')}`
        : `${why}, but ${names} was not found on PATH`,
    hint: `${installHints[tools[0] ?? 'kustomize']}, then retry.`,
  };
}

/** Limits and context of one tool run. */
interface RunOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
  maxBuffer: number;
  /** Temporary folders cut out of the tool's messages (most specific first), so they show repository paths. */
  tmpRoots: string[];
  /** What the run does, for messages: `kustomize build apps/web`. */
  title: string;
}

/** Runs a tool and returns its stdout; a failure carries the tool's own message. Throws only when aborted. */
export async function runTool(file: string, args: string[], options: RunOptions): Promise<Result<string>> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        signal: options.signal,
        maxBuffer: options.maxBuffer,
        encoding: 'utf8',
        killSignal: 'SIGKILL',
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(ok(stdout));
        if (options.signal.aborted) return reject(options.signal.reason);
        resolve(fail(toolFailure(error, stderr, options)));
      },
    );
  });
}

function toolFailure(error: ExecFileException, stderr: string, options: RunOptions): Problem {
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return {
      code: 'render.output-too-large',
      message: `${options.title} wrote more than ${Math.round(options.maxBuffer / 1024 / 1024)} MiB`,
      hint: 'Split the app, or raise the renderer output limit.',
    };
  }
  const said = cleanMessage(stderr, options.tmpRoots) || cleanMessage(error.message, options.tmpRoots);
  return { code: 'render.tool-failed', message: `${options.title} failed: ${said}` };
}

const maxMessageLength = 4000;

/** The tool's message with temporary paths made repository-relative, trimmed to a readable size. */
export function cleanMessage(text: string, tmpRoots: string[]): string {
  const withoutTmp = tmpRoots.reduce(
    (out, root) => out.split(`${root}/`).join('').split(root).join('.'),
    text,
  );
  // kubectl logs through klog: `E1128 03:17:12.093099   32449 run.go:72] "command failed" err="…"`
  const cleaned = withoutTmp
    .replace(/^[IWEF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] (?:"command failed" err=)?/gm, '')
    .trim();
  return cleaned.length > maxMessageLength ? `${cleaned.slice(0, maxMessageLength)}…` : cleaned;
}
