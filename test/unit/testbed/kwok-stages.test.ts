/** kwok loads every Stage file of test/testbed/kwok-stages from the checkout, and each of them can
 * win over upstream's weight-0 Stages that match the same pods. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kwokSpec } from '../../testbed/components.js';
import { ownKwokStagesDir } from '../../testbed/layout.js';

interface StageDoc {
  kind?: string;
  metadata?: { name?: string };
  spec?: { weight?: number; resourceRef?: { kind?: string } };
}

const files = readdirSync(ownKwokStagesDir).filter((f) => f.endsWith('.yaml'));
const configArgs = kwokSpec('/bin', '/upstream-stages', 1)
  .args.filter((a) => a.startsWith('--config='))
  .map((a) => a.slice('--config='.length));

describe("the test bed's own kwok Stages", () => {
  it('are all passed to kwok, by their path in the checkout', () => {
    expect(files.length).toBeGreaterThan(0);
    const own = configArgs.filter((f) => f.startsWith(ownKwokStagesDir));
    expect(own.sort()).toEqual(files.map((f) => join(ownKwokStagesDir, f)).sort());
  });

  it('keeps upstream stages coming from the folder it is given', () => {
    expect(configArgs.filter((f) => f.startsWith('/upstream-stages/')).length).toBeGreaterThan(0);
  });

  it.each(files)('%s is one pod Stage with a unique name and a weight above upstream', (file) => {
    const doc = parse(readFileSync(join(ownKwokStagesDir, file), 'utf8')) as StageDoc;
    expect(doc.kind).toBe('Stage');
    expect(doc.spec?.resourceRef?.kind).toBe('Pod');
    expect(doc.spec?.weight ?? 0).toBeGreaterThanOrEqual(1);
    expect(doc.metadata?.name).toMatch(/^testbed-/);
  });

  it('gives every Stage its own name', () => {
    const names = files.map(
      (f) => (parse(readFileSync(join(ownKwokStagesDir, f), 'utf8')) as StageDoc).metadata?.name,
    );
    expect(new Set(names).size).toBe(names.length);
  });
});
