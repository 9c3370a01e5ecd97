/** The entry point: help, version, unknown commands, and the TUI refusing to run without a terminal. */
import { describe, expect, it } from 'vitest';
import { runFlotilla } from '../../support/cli.js';

describe('flotilla', () => {
  it('lists every command in --help', async () => {
    const r = await runFlotilla(['--help']);
    expect(r.code).toBe(0);
    for (const name of ['ui', 'status', 'diff', 'rollback', 'autosync', 'validate', 'render', 'health'])
      expect(r.stdout).toMatch(new RegExp(`^  ${name}\\s+\\S`, 'm'));
  });

  it('prints its version', async () => {
    const r = await runFlotilla(['--version']);
    expect(r.stdout).toMatch(/^flotilla \d+\.\d+\.\d+\n$/);
  });

  it('names an unknown command and shows the help, exit 2', async () => {
    const r = await runFlotilla(['sycn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "sycn"');
  });

  it('opens the TUI only on a terminal, pointing pipelines at status and diff', async () => {
    const r = await runFlotilla(['--config', 'nowhere.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('flotilla status');
  });

  it('reports bad options in plain words, without a stack trace', async () => {
    const r = await runFlotilla(['status', '--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/flotilla status: Unknown option '--no-such-option'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
