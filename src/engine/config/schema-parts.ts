/** Building blocks of the fleet-file schema: checked strings that report problems in plain words. */
import { z } from 'zod';
import { byteSizeProblem } from './byte-size.js';
import { durationProblem } from './duration.js';
import { dnsLabelProblem, labelKeyProblem, labelValueProblem } from './names.js';
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
 * A string validated by `check`. In app-set templates (`templated`), a string with placeholders is
 * checked after expansion instead, once its final value is known.
 */
export function checkedString(
  check: (value: string) => CheckFailure | undefined,
  templated = false,
): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    if (templated && hasPlaceholders(value)) return;
    const failure = check(value);
    if (failure) report(ctx, failure);
  });
}

/** A DNS-1123 label such as an app, cluster, repo or namespace name. */
export function dnsName(what: string, templated = false): z.ZodString {
  return checkedString((value) => {
    const reason = dnsLabelProblem(value);
    return reason
      ? {
          message: `"${value}" is not a valid ${what}: it ${reason}.`,
          problemCode: 'config.bad-name',
          hint: 'Names end up as Kubernetes label values: lowercase letters, digits and "-", at most 63 characters, e.g. guestbook-prod.',
        }
      : undefined;
  }, templated);
}

/** A duration such as `30s`, `5m` or `1h30m`. */
export function durationString(templated = false): z.ZodString {
  return checkedString((value) => {
    const reason = durationProblem(value);
    return reason ? { message: `Bad duration: ${reason}.`, problemCode: 'config.bad-duration' } : undefined;
  }, templated);
}

/** A size in bytes such as `512Mi`; a bad one is `config.bad-size`. */
export function byteSizeString(): z.ZodString {
  return checkedString((value) => {
    const reason = byteSizeProblem(value);
    return reason ? { message: `Bad size: ${reason}.`, problemCode: 'config.bad-size' } : undefined;
  });
}

/** A non-empty string. */
export function text(): z.ZodString {
  return checkedString((value) =>
    value === '' ? { message: 'Must not be empty.', problemCode: 'config.empty-value' } : undefined,
  );
}

/** Kubernetes labels: valid keys, valid string values. */
export function labelMap(): z.ZodRecord<z.ZodString, z.ZodString> {
  return z.record(z.string(), z.string()).superRefine((labels, ctx) => {
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
