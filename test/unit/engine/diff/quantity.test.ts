import { describe, expect, it } from 'vitest';
import { sameQuantity } from '../../../../src/engine/diff/quantity.js';

describe('quantities', () => {
  it.each([
    [0.5, '500m'],
    ['1', 1],
    ['1000m', '1'],
    ['1Gi', '1024Mi'],
    ['0.25Gi', '256Mi'],
    ['1e3', '1k'],
    ['1.5', '1500m'],
    ['128974848', '123Mi'],
    ['1E', '1000P'],
  ])('%s equals %s', (a, b) => {
    expect(sameQuantity(a, b)).toBe(true);
  });

  it.each([
    ['100m', '0.2'],
    ['1G', '1Gi'],
    ['1', 'one'],
    [true, 'true'],
    ['1e999999', '1'],
  ])('%s differs from %s', (a, b) => {
    expect(sameQuantity(a, b)).toBe(false);
  });
});
