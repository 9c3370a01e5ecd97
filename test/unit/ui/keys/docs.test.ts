import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_COMMANDS } from '../../../../src/ui/keys/commands.js';
import { createDefaultRegistry } from '../../../../src/ui/keys/default-registry.js';
import { renderKeybindingsMarkdown } from '../../../../src/ui/keys/docs.js';
import { KEYBINDINGS_DOC } from '../../../../src/ui/keys/gen-docs.js';

describe('docs/keybindings.md', () => {
  it('is up to date with the registry (regenerate: npx tsx src/ui/keys/gen-docs.ts)', () => {
    expect(readFileSync(KEYBINDINGS_DOC, 'utf8')).toBe(renderKeybindingsMarkdown(createDefaultRegistry()));
  });

  it('lists every command', () => {
    const doc = renderKeybindingsMarkdown(createDefaultRegistry());
    for (const c of BUILTIN_COMMANDS) expect(doc).toContain(`\`${c.id}\``);
  });

  it('marks mutating commands added by the acting side', () => {
    const doc = renderKeybindingsMarkdown(
      createDefaultRegistry().extend([
        {
          id: 'test.write',
          keys: ['ctrl+s'],
          description: 'Write something',
          scopes: ['fleet.apps'],
          category: 'App',
          mutates: true,
        },
      ]),
    );
    expect(doc).toContain(
      '| `Ctrl-s` | `test.write` | Write something **(changes the cluster; disabled when read-only)** | app table |',
    );
    expect(doc).toMatch(
      /\| `s` \| `app\.sync` \| Sync: plan, then confirm \*\*\(changes the cluster; disabled when read-only\)\*\*/,
    );
  });
});
