/** Durations on the command line: `90s`, `5m`, `1h30m`. A bare number is refused: `30` could mean seconds
 * or minutes, and a timeout read the wrong way either fails a good sync or waits for a broken one. */
import type { Result } from '../engine/problem.js';
import { fail, ok } from '../engine/problem.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

/** Whole numbers each followed by `h`, `m` or `s`, in that order, each unit at most once. */
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Milliseconds of a duration such as `90s`, `5m` or `1h30m`; zero and bare numbers are refused. */
export function parseDuration(text: string, option: string): Result<number> {
  const match = DURATION.exec(text);
  const [, h, m, s] = match ?? [];
  if (!match || (h === undefined && m === undefined && s === undefined))
    return fail({
      code: 'cli.bad-duration',
      message: `${option} "${text}" is not a duration.`,
      hint: /^\d+$/.test(text)
        ? `Give a unit: ${text}s for seconds, ${text}m for minutes.`
        : 'Write it as whole hours, minutes and seconds: 90s, 5m, 1h30m.',
    });
  const ms = Number(h ?? 0) * HOUR_MS + Number(m ?? 0) * MINUTE_MS + Number(s ?? 0) * SECOND_MS;
  if (ms === 0)
    return fail({
      code: 'cli.bad-duration',
      message: `${option} "${text}" is zero.`,
      hint: 'Leave the option out to wait without a limit.',
    });
  return ok(ms);
}
