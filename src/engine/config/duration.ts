/** Durations as written in the fleet file: `30s`, `5m`, `1h30m`, `500ms`. */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const WHOLE = /^(\d+(\.\d+)?(ms|s|m|h))+$/;
/** A duration's syntax (not its being above zero), as a JSON Schema pattern. */
export const DURATION_PATTERN = WHOLE.source;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;

/** Milliseconds in `text`, or undefined when it is not a duration such as `30s`, `5m` or `1h30m`. */
export function parseDuration(text: string): number | undefined {
  if (!WHOLE.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART))
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** Why `text` is not a usable positive duration, or undefined when it is one. */
export function durationProblem(text: string): string | undefined {
  const ms = parseDuration(text);
  if (ms === undefined)
    return `"${text}" is not a duration: write a number and a unit (ms, s, m, h), e.g. 30s, 5m or 1h30m`;
  if (ms <= 0) return 'must be longer than zero';
  return undefined;
}
