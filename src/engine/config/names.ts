/** Kubernetes naming rules the fleet file relies on: names become label values and app names. */

/** Longest DNS-1123 label, and so the longest app, cluster or namespace name. */
const MAX_NAME_LENGTH = 63;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

// The same rules as JSON Schema patterns for editors; length limits are folded into the repetition
// counts because a pattern cannot say "and at most 63 characters" on its own.
const LABEL_NAME_PART = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const SUBDOMAIN_PART = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*';
/** A DNS-1123 label of at most 63 characters, as a JSON Schema pattern. */
export const DNS_LABEL_PATTERN = '^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$';
/** A label key (`[prefix/]name`), as a JSON Schema pattern; the 253-character prefix limit is not in it. */
export const LABEL_KEY_PATTERN = `^(?:${SUBDOMAIN_PART}/)?${LABEL_NAME_PART}$`;
/** A label value (possibly empty), as a JSON Schema pattern. */
export const LABEL_VALUE_PATTERN = `^(?:${LABEL_NAME_PART})?$`;
/** An environment variable name, as a JSON Schema pattern. */
export const ENV_NAME_PATTERN = ENV_NAME.source;

/** Why `value` is not a DNS-1123 label (lowercase letters, digits, '-'), or undefined when it is one. */
export function dnsLabelProblem(value: string): string | undefined {
  if (value === '') return 'must not be empty';
  if (value.length > MAX_NAME_LENGTH)
    return `is ${value.length} characters long; at most ${MAX_NAME_LENGTH} are allowed`;
  if (DNS_LABEL.test(value)) return undefined;
  if (/[A-Z]/.test(value))
    return 'contains uppercase letters; only lowercase letters, digits and "-" are allowed';
  if (/^-|-$/.test(value)) return 'must start and end with a lowercase letter or a digit';
  const bad = [...value].find((ch) => !/[-a-z0-9]/.test(ch)) ?? '';
  return `contains "${bad}"; only lowercase letters, digits and "-" are allowed`;
}

/** Why `key` is not a valid Kubernetes label key (`[prefix/]name`), or undefined when it is one. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `has the prefix "${prefix}", which is not a DNS subdomain (lowercase letters, digits, "-" and ".")`;
  }
  if (name === '') return 'has an empty name part';
  if (name.length > MAX_NAME_LENGTH)
    return `has a name part of ${name.length} characters; at most ${MAX_NAME_LENGTH} are allowed`;
  if (!LABEL_NAME.test(name))
    return 'may use only letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is one (the empty value is valid). */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > MAX_NAME_LENGTH)
    return `is ${value.length} characters long; at most ${MAX_NAME_LENGTH} are allowed`;
  if (!LABEL_NAME.test(value))
    return 'may use only letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

/** Turns a kubeconfig context name such as `gke_proj_zone_c1` into a DNS-1123 label (`gke-proj-zone-c1`). */
export function toDnsLabel(text: string): string {
  const dashed = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = dashed.slice(0, MAX_NAME_LENGTH).replace(/-+$/, '');
  return cut === '' ? 'cluster' : cut;
}

/** Why `name` is not a usable environment variable name, or undefined when it is one. */
export function envNameProblem(name: string): string | undefined {
  return ENV_NAME.test(name)
    ? undefined
    : 'is not an environment variable name (letters, digits and "_", not starting with a digit)';
}
