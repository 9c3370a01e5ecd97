/** The tracking label and annotation have one definition, which every engine module uses. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TRACKING_ID_ANNOTATION, TRACKING_LABEL, trackingIdFor } from '../../../src/engine/tracking.js';

const src = fileURLToPath(new URL('../../../src/', import.meta.url));

describe('tracking metadata', () => {
  it('names the label and annotation as the documentation does', () => {
    expect(TRACKING_LABEL).toBe('flotilla.dev/app');
    expect(TRACKING_ID_ANNOTATION).toBe('flotilla.dev/tracking-id');
    const id = {
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      kind: 'ClusterRole',
      namespace: '',
      name: 'r',
    };
    expect(trackingIdFor('shop', id)).toBe('shop:rbac.authorization.k8s.io/ClusterRole:/r');
  });

  it('is spelled out in exactly one source file', () => {
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const spelling = /['"]flotilla\.dev\/(app|tracking-id)['"]/; // quotes, not the backticks of comments
    const defining = files.filter((f) => spelling.test(readFileSync(join(src, f), 'utf8')));
    expect(defining).toEqual([join('engine', 'tracking.ts')]);
  });
});
