/** Sizes as written in the fleet file: `100Mi`, `1Gi`, `500M`, `65536`. */

const UNIT_BYTES: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};
/** The shape of a size, shared by the check and the published JSON Schema. */
export const BYTE_SIZE_PATTERN = '^(\\d+)(k|M|G|Ki|Mi|Gi)?$';
const SIZE = new RegExp(BYTE_SIZE_PATTERN);

/** Bytes in `text`, or undefined when it is not a size such as `100Mi`, `1Gi` or `500M`. */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * (UNIT_BYTES[match[2] ?? ''] ?? Number.NaN);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** Why `text` is not a usable positive size, or undefined when it is one. */
export function byteSizeProblem(text: string): string | undefined {
  const bytes = parseByteSize(text);
  if (bytes === undefined)
    return `"${text}" is not a size: write a whole number of bytes, optionally with a unit (k, M, G, Ki, Mi, Gi), e.g. 512Mi`;
  if (bytes <= 0) return 'must be more than zero';
  return undefined;
}
