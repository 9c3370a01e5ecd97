/** Every problem a command prints goes through the one redaction module. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/command.js';
import { printProblems } from '../../../src/cli/fleet.js';

function capture(): { io: CliIo; text: () => string } {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (c: Buffer) => (text += c.toString()));
  return { io: { stdout: new PassThrough(), stderr, env: {}, cwd: '/' }, text: () => text };
}

describe('printProblems', () => {
  it('masks credentials in messages and hints, keeping the indent', () => {
    const { io, text } = capture();
    printProblems(
      io,
      [
        {
          code: 'git.auth',
          message: 'fetching https://bob:s3cret@git.example.com/x.git failed',
          hint: 'the server said: Authorization: Bearer eyJhbGciOi.x.y',
        },
      ],
      '  ',
    );
    expect(text()).toBe(
      '  fetching https://***@git.example.com/x.git failed\n    the server said: Authorization: ***\n',
    );
  });

  it('leaves a field path that names a secret field, and the message after it, readable', () => {
    const { io, text } = capture();
    const message = 'An inline `token` is not allowed: secrets must never be written in the fleet file.';
    printProblems(io, [
      {
        code: 'config.inline-secret',
        message,
        source: { file: 'f.yaml', line: 7, field: 'repos[0].auth.token' },
      },
    ]);
    expect(text()).toBe(`f.yaml:7 repos[0].auth.token: ${message}\n`);
  });
});
