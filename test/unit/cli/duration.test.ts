import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/cli/duration.js';

const ms = (text: string) => {
  const r = parseDuration(text, '--timeout');
  return r.ok ? r.value : r.problems.map((p) => `${p.message} ${p.hint ?? ''}`).join('\n');
};

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m5s', 125_000],
    ['1h0m1s', 3_601_000],
  ])('reads %s', (text, expected) => {
    expect(ms(text)).toBe(expected);
  });

  it('refuses a bare number, suggesting the units', () => {
    expect(ms('30')).toBe('--timeout "30" is not a duration. Give a unit: 30s for seconds, 30m for minutes.');
  });

  it.each(['', '5', 'm', '5x', '1.5m', '-5m', '30s5m', '5m5m', ' 5m', '5 m', '1d'])('refuses %j', (text) => {
    expect(parseDuration(text, '--timeout').ok).toBe(false);
  });

  it('refuses zero, which would fail every sync at once', () => {
    expect(ms('0s')).toBe('--timeout "0s" is zero. Leave the option out to wait without a limit.');
  });
});
