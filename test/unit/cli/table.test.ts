/** formatTable: cells from outside stay on their row, with controls shown as escapes. */
import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../src/cli/table.js';

describe('formatTable', () => {
  it('pads columns to the widest escaped cell and keeps each row on one line', () => {
    const text = formatTable(
      ['NAME', 'MESSAGE'],
      [
        ['web\x1b[2J', 'line one\nline two'],
        ['api', 'ok'],
      ],
    );
    expect(text).toBe('NAME        MESSAGE\nweb\\x1b[2J  line one\\nline two\napi         ok\n');
  });
});
