/** Building blocks of the fleet-file schema: checked strings that report problems in plain words. */
import { z } from 'zod';
import { BYTE_SIZE_PATTERN, byteSizeProblem } from './byte-size.js';
import { DURATION_PATTERN, durationProblem } from './duration.js';
import {
  DNS_LABEL_PATTERN,
  LABEL_KEY_PATTERN,
  LABEL_VALUE_PATTERN,
  dnsLabelProblem,
  labelKeyProblem,
  labelValueProblem,
} from './names.js';
import { hasPlaceholders } from './template.js';

/** What a check attaches to a zod issue so it becomes a Problem with the right code and hint. */
export interface IssueParams {
  problemCode: string;
  hint?: string;
  /** Point at the key of the entry rather than its value (for bad map keys). */
  at?: 'key';
}

/** A failed check: message plus the problem code and hint it becomes. */
export interface CheckFailure extends IssueParams {
  message: string;
}

/** Refinement context of any schema. */
export type Ctx = z.core.$RefinementCtx<unknown>;

/** Adds one problem-carrying issue at `path` (relative to the value being refined). */
export function report(ctx: Ctx, failure: CheckFailure, path: (string | number)[] = []): void {
  const { message, ...params } = failure;
  ctx.addIssue({ code: 'custom', message, params, path });
}

/** Runs a refinement even when the object has other problems, so all problems are listed at once; but only
 * on a mapping: anything else (null, a list, a string) already has its problem, and the refinements read fields. */
export const ALWAYS = {
  when: (payload: { value: unknown }): boolean =>
    typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value),
};

/**
 * What the published JSON Schema says about a checked string, so that editors flag what the check
 * would reject. The check stays the truth; a rule only describes it (tests hold the two together).
 */
interface StringRule {
  description: string;
  pattern?: string;
  maxLength?: number;
  enum?: readonly string[];
}

/** Matches any string holding a placeholder: those are checked after expansion. */
const PLACEHOLDER_PATTERN = '\\{\\{';

/**
 * JSON Schema keywords for `rule`. In templates a string with a placeholder passes, as it does the
 * check, and no length is promised: a placeholder's value is unknown until expansion.
 */
function ruleKeywords(rule: StringRule, templated: boolean): Record<string, unknown> {
  const { description, pattern, maxLength, enum: values } = rule;
  const keywords: Record<string, unknown> = { description };
  if (!templated) {
    if (pattern !== undefined) keywords.pattern = pattern;
    if (maxLength !== undefined) keywords.maxLength = maxLength;
    if (values) keywords.enum = [...values];
    return keywords;
  }
  if (pattern !== undefined) keywords.pattern = `${pattern}|${PLACEHOLDER_PATTERN}`;
  if (values) keywords.anyOf = [{ enum: [...values] }, { pattern: PLACEHOLDER_PATTERN }];
  return keywords;
}

/**
 * A string validated by `check`. In app-set templates (`templated`), a string with placeholders is
 * checked after expansion instead, once its final value is known.
 */
export function checkedString(
  check: (value: string) => CheckFailure | undefined,
  templated = false,
  rule?: StringRule,
): z.ZodString {
  const schema = z.string().superRefine((value, ctx) => {
    if (templated && hasPlaceholders(value)) return;
    const failure = check(value);
    if (failure) report(ctx, failure);
  });
  return rule ? schema.meta(ruleKeywords(rule, templated)) : schema;
}

/** A DNS-1123 label such as an app, cluster, repo or namespace name. */
export function dnsName(what: string, templated = false): z.ZodString {
  return checkedString(
    (value) => {
      const reason = dnsLabelProblem(value);
      return reason
        ? {
            message: `"${value}" is not a valid ${what}: it ${reason}.`,
            problemCode: 'config.bad-name',
            hint: 'Names end up as Kubernetes label values: lowercase letters, digits and "-", at most 63 characters, e.g. guestbook-prod.',
          }
        : undefined;
    },
    templated,
    {
      description: `The ${what}: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.`,
      pattern: DNS_LABEL_PATTERN,
    },
  );
}

/** A duration such as `30s`, `5m` or `1h30m`. */
export function durationString(templated = false): z.ZodString {
  return checkedString(
    (value) => {
      const reason = durationProblem(value);
      return reason ? { message: `Bad duration: ${reason}.`, problemCode: 'config.bad-duration' } : undefined;
    },
    templated,
    {
      description: 'A duration longer than zero: numbers with units ms, s, m, h, e.g. 30s, 5m or 1h30m.',
      pattern: DURATION_PATTERN,
    },
  );
}

/** A size in bytes such as `512Mi`; a bad one is `config.bad-size`. */
export function byteSizeString(): z.ZodString {
  return checkedString(
    (value) => {
      const reason = byteSizeProblem(value);
      return reason ? { message: `Bad size: ${reason}.`, problemCode: 'config.bad-size' } : undefined;
    },
    false,
    {
      description: 'A size in bytes, a whole number with an optional unit (k, M, G, Ki, Mi, Gi), e.g. 512Mi.',
      pattern: BYTE_SIZE_PATTERN,
    },
  );
}

/** A non-empty string. */
export function text(): z.ZodString {
  return checkedString((value) =>
    value === '' ? { message: 'Must not be empty.', problemCode: 'config.empty-value' } : undefined,
  ).meta({ minLength: 1 });
}

/** Kubernetes labels: valid keys, valid string values. */
export function labelMap(): z.ZodRecord<z.ZodString, z.ZodString> {
  const keySchema = z.string().meta({
    description: 'A label key: [prefix/]name, the prefix a DNS subdomain, the name at most 63 characters.',
    pattern: LABEL_KEY_PATTERN,
  });
  const valueSchema = z.string().meta({
    description: 'A label value: empty, or at most 63 letters, digits, "-", "_" and ".".',
    pattern: LABEL_VALUE_PATTERN,
  });
  return z.record(keySchema, valueSchema).superRefine((labels, ctx) => {
    for (const [key, value] of Object.entries(labels)) {
      const keyReason = labelKeyProblem(key);
      if (keyReason)
        report(
          ctx,
          { message: `The label key "${key}" ${keyReason}.`, problemCode: 'config.bad-label', at: 'key' },
          [key],
        );
      const valueReason = labelValueProblem(value);
      if (valueReason)
        report(
          ctx,
          { message: `The label value "${value}" ${valueReason}.`, problemCode: 'config.bad-label' },
          [key],
        );
    }
  });
}

/**
 * JSON Schemas written by hand for the few schemas zod cannot describe itself (a preprocess step
 * that accepts more than its output type); the generator uses them in place of its own.
 */
export const handWrittenJsonSchemas = z.registry<Record<string, unknown>>();
