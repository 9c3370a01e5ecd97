/** Kubernetes resource quantities (`500m`, `0.5`, `1Gi`, `1e3`), compared by value: the API server rewrites
 * them in canonical form (`0.5` → `500m`, `1024Mi` → `1Gi`), which must not read as drift. */

/** An exact rational number: numerator / denominator. */
interface Rational {
  num: bigint;
  den: bigint;
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:([eE])([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Exponents beyond this are not real quantities; refusing them keeps bigint arithmetic small. */
const MAX_EXPONENT = 40;

/** Parses a quantity (string, or a number as YAML gives it), or undefined when it is not one. */
function parseQuantity(value: unknown): Rational | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  const [, sign, digits, expMark, expDigits, suffix] = m;
  const [whole = '', fraction = ''] = digits!.split('.');
  let num = BigInt(`${whole}${fraction}` || '0');
  let den = 10n ** BigInt(fraction.length);
  let exp10 = 0;
  if (expMark) exp10 = Number(expDigits);
  else if (suffix && suffix in DECIMAL) exp10 = DECIMAL[suffix]!;
  else if (suffix && suffix in BINARY) num *= 1024n ** BigInt(BINARY[suffix]!);
  if (Math.abs(exp10) > MAX_EXPONENT) return undefined;
  if (exp10 >= 0) num *= 10n ** BigInt(exp10);
  else den *= 10n ** BigInt(-exp10);
  if (sign === '-') num = -num;
  return { num, den };
}

/** True when both values are quantities of the same amount. */
export function sameQuantity(a: unknown, b: unknown): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x !== undefined && y !== undefined && x.num * y.den === y.num * x.den;
}
