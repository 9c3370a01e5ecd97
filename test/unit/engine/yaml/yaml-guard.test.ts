/** Every YAML reader of the engine refuses text nested thousands of levels deep with a Problem naming the
 * file and line, instead of exhausting the stack. The readers run in a child process, so a regression
 * fails this test rather than killing the test run. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'flotilla-deep-yaml-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const child = fileURLToPath(new URL('./read-hostile.child.ts', import.meta.url));

/** About 16 KB each, nested about 4000 levels deep, after a few ordinary lines. */
const shapes: Record<string, { text: string; line: number }> = {
  'flow.yaml': { text: `kind: ConfigMap\ndata:\n  x: ${'['.repeat(8000)}${']'.repeat(8000)}\n`, line: 3 },
  'compact.yaml': { text: `kind: ConfigMap\ndata:\n  x:\n${'- '.repeat(4000)}1\n`, line: 4 },
  'json.json': {
    text: `{"kind": "ConfigMap",\n "data": ${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}\n`,
    line: 2,
  },
};

it('refuses a 16 KB file nested 4000 deep in every reader, naming file and line', async () => {
  const files = Object.entries(shapes).map(([name, { text }]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, ...files], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const results = JSON.parse(stdout) as Record<string, { code: string; source: unknown }[]>[];
  Object.entries(shapes).forEach(([name, { line }], i) => {
    expect(results[i]).toEqual({
      manifests: [
        expect.objectContaining({
          code: 'render.yaml-too-deep',
          source: expect.objectContaining({ file: name, line }),
        }),
      ],
      fleet: [
        expect.objectContaining({
          code: 'config.yaml-too-deep',
          source: expect.objectContaining({ file: name, line }),
        }),
      ],
      kustomization: [
        expect.objectContaining({
          code: 'render.yaml-too-deep',
          source: expect.objectContaining({ file: name, line }),
        }),
      ],
    });
  });
}, 60_000);
