/**
 * A cursor move as the user sees it: the TUI runs in a real pseudo-terminal (util-linux `script`,
 * sized with stty) at 160×50 on the preview's fake fleet; the benchmark writes `j`/`k` bytes and
 * times until the last byte of the frame that answers them (Ink ends every frame with the
 * synchronized-output end mark, and the answer is the first frame that draws the cursor on another app).
 *
 * Keys are spaced by a random 0–100 ms pause after each answer, so they land at every phase of the
 * frame throttle and of the engine's updates. Each scenario runs idle (the preview's 1 s cluster
 * ticks) and busy (50 apps change every 50 ms). `FLOTILLA_BENCH_BASE=DIR` measures a second checkout
 * (e.g. main, `git archive main | tar -x -C DIR` with node_modules linked) in the same run, block by
 * block in turn with this one, so the two share the machine's load. `CPU ms/move` is the program's
 * CPU time over a block (from /proc) per move, the engine's work included: it shows what a frame
 * costs even when a loaded machine stretches the latencies.
 *
 *     FLOTILLA_BENCH_BASE=/tmp/base npm run -s bench -- tui-pty
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeded } from '../preview/demo-fleet.js';
import type { Bench, Row } from './run.js';

const APPS = Number(process.env.FLOTILLA_BENCH_APPS ?? 5000);
/** Moves per block; each checkout and scenario gets ROUNDS blocks. */
const MOVES = Number(process.env.FLOTILLA_BENCH_MOVES ?? 150);
const ROUNDS = Number(process.env.FLOTILLA_BENCH_ROUNDS ?? 2);
const COLUMNS = 160;
const ROWS = 50;
/** Ink's end of a frame (synchronized output off). */
const FRAME_END = '\x1b[?2026l';
/** The cursor glyph of the selected row (Unicode glyph set). */
const CURSOR = '›';

const here = dirname(fileURLToPath(import.meta.url));
const thisTree = resolve(here, '../..');

interface Scenario {
  name: string;
  churn: number;
}
const SCENARIOS: Scenario[] = [
  { name: 'idle', churn: 0 },
  { name: 'busy (50 apps / 50 ms)', churn: 50 },
];

/** One measured move. */
interface Move {
  ms: number;
  bytes: number;
}

/** The moves of a block, and the program's CPU time over them. */
interface Block {
  moves: Move[];
  cpuMs?: number;
}

/** The program in its pseudo-terminal, with a reader of its frames. */
class PtyProgram {
  private pending = '';
  private onFrame: ((frame: string, at: number) => void) | undefined;
  private constructor(private readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const at = performance.now();
      this.pending += chunk;
      for (let end = this.pending.indexOf(FRAME_END); end >= 0; end = this.pending.indexOf(FRAME_END)) {
        const frame = this.pending.slice(0, end + FRAME_END.length);
        this.pending = this.pending.slice(end + FRAME_END.length);
        this.onFrame?.(frame, at);
      }
    });
  }

  /** Starts the driver program for `root` under `script`, in a 160×50 terminal. */
  static start(root: string, churn: number): PtyProgram {
    const program = [
      process.execPath,
      '--import tsx',
      resolve(here, 'tui-pty-program.ts'),
      `--root ${root} --apps ${APPS} --churn ${churn}`,
    ].join(' ');
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', LANG: 'C.UTF-8' };
    // Ink writes nothing until exit when it believes it runs in CI.
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    const child = spawn(
      'script',
      ['-qfec', `stty cols ${COLUMNS} rows ${ROWS} && exec ${program}`, '/dev/null'],
      // In the checkout: tsx takes the JSX settings from the tsconfig.json of the working directory.
      { cwd: root, env, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    return new PtyProgram(child);
  }

  /** Resolves with the first whole frame that passes `test`, and when its last byte arrived. */
  next(test: (frame: string) => boolean, timeoutMs: number): Promise<{ frame: string; at: number }> {
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        this.onFrame = undefined;
        fail(new Error(`no answering frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.onFrame = (frame, at) => {
        if (!test(frame)) return;
        clearTimeout(timer);
        this.onFrame = undefined;
        ok({ frame, at });
      };
    });
  }

  /**
   * CPU time the program (script's child, node) has used so far, ms, from /proc: unlike latency it
   * hardly grows with the machine's load. Undefined where /proc does not tell.
   */
  cpuMs(): number | undefined {
    try {
      const pid = this.child.pid ?? 0;
      const child = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0];
      const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
      // Fields after "(comm) ": state is 0, utime 11, stime 12, in clock ticks (100 per second).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  }

  write(bytes: string): void {
    this.child.stdin?.write(bytes);
  }

  /** Ctrl-c quits flotilla; the process is killed if it has not exited within 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.write('\x03');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The app on the cursor row of a frame: the word after the cursor glyph (the selected row is drawn as
 * one run). An engine frame that merely redraws the cursor row keeps its app, so it is no answer to a
 * key, even when a new attention line moves every row down.
 */
export function cursorApp(frame: string): string | undefined {
  const at = frame.indexOf(CURSOR);
  if (at < 0) return undefined;
  return /^\s*(\S+)/.exec(frame.slice(at + CURSOR.length))?.[1];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One block: start the program, wait for its first frame and a quiet second, then `MOVES` moves.
 * A key with no answer within 5 s counts as lost (reported), and the next frame with the cursor
 * tells where it is. */
async function block(root: string, scenario: Scenario, rand: () => number): Promise<Block> {
  const program = PtyProgram.start(root, scenario.churn);
  try {
    let row = cursorApp((await program.next((f) => f.includes(CURSOR), 60_000)).frame);
    await sleep(1000);
    const cpuBefore = program.cpuMs();
    const moves: Move[] = [];
    for (let i = 0; i < MOVES; i++) {
      // Down 20, up 20: the cursor stays inside the window, so every answer redraws two rows.
      const key = Math.floor(i / 20) % 2 === 0 ? 'j' : 'k';
      const from = row;
      const answer = program.next((f) => cursorApp(f) !== undefined && cursorApp(f) !== from, 5000);
      const t = performance.now();
      program.write(key);
      try {
        const { frame, at } = await answer;
        row = cursorApp(frame);
        moves.push({ ms: at - t, bytes: Buffer.byteLength(frame) });
      } catch {
        row = undefined;
        moves.push({ ms: Number.NaN, bytes: 0 });
      }
      await sleep(rand() * 100);
    }
    const cpuAfter = program.cpuMs();
    const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
    return { moves, cpuMs };
  } finally {
    await program.stop();
  }
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const round = (ms: number) => Math.round(ms * 10) / 10;

/** The figures of a set of moves; lost keys count in no percentile. */
function summary(tree: string, engine: string, blocks: Block[]): Row {
  const moves = blocks.flatMap((b) => b.moves);
  const cpu = blocks.every((b) => b.cpuMs !== undefined)
    ? round(blocks.reduce((sum, b) => sum + (b.cpuMs ?? 0), 0) / Math.max(1, moves.length))
    : '';
  const answered = moves.filter((m) => !Number.isNaN(m.ms));
  const ms = answered.map((m) => m.ms);
  return {
    tree,
    engine,
    moves: moves.length,
    'median ms': round(percentile(ms, 0.5)),
    'p95 ms': round(percentile(ms, 0.95)),
    'p99 ms': round(percentile(ms, 0.99)),
    'max ms': round(Math.max(0, ...ms)),
    'bytes/move (median)': percentile(
      answered.map((m) => m.bytes),
      0.5,
    ),
    lost: moves.length - answered.length,
    'CPU ms/move': cpu,
  };
}

/** The benchmark. */
export const bench: Bench = {
  name: 'tui-pty',
  description: `j/k in a real pseudo-terminal at ${COLUMNS}x${ROWS}, preview with ${APPS} apps: key written → last byte of the answering frame`,
  needsTestbed: false,
  async run(say) {
    const base = process.env.FLOTILLA_BENCH_BASE;
    const trees = [
      { label: 'this tree', root: thisTree },
      ...(base ? [{ label: `base (${base})`, root: resolve(base) }] : []),
    ];
    const results = new Map<string, Block[]>();
    const rand = seeded(12);
    for (let round = 0; round < ROUNDS; round++)
      for (const scenario of SCENARIOS)
        // The order turns each round, so neither checkout always runs after the other.
        for (const tree of round % 2 === 0 ? trees : [...trees].reverse()) {
          say(`round ${round + 1}/${ROUNDS}: ${tree.label}, ${scenario.name}`);
          const key = `${tree.label}|${scenario.name}`;
          const done = await block(tree.root, scenario, rand);
          results.set(key, [...(results.get(key) ?? []), done]);
          const s = summary(tree.label, scenario.name, [done]);
          say(
            `  median ${s['median ms']} ms, p99 ${s['p99 ms']} ms, lost ${s.lost}, CPU ${s['CPU ms/move']} ms/move`,
          );
        }
    const rows: Row[] = [];
    for (const scenario of SCENARIOS)
      for (const tree of trees)
        rows.push(summary(tree.label, scenario.name, results.get(`${tree.label}|${scenario.name}`) ?? []));
    return rows;
  },
};
