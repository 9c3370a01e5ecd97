/** Kubernetes label selectors (`matchLabels`, `matchExpressions`): schema and matching. */
import { z } from 'zod';
import { LABEL_KEY_PATTERN, LABEL_VALUE_PATTERN, labelKeyProblem, labelValueProblem } from './names.js';
import type { Ctx } from './schema-parts.js';
import { ALWAYS, labelMap, report } from './schema-parts.js';

/** The operators of a label selector expression. */
const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** One `matchExpressions` entry. */
export interface SelectorExpression {
  key: string;
  operator: (typeof SELECTOR_OPERATORS)[number];
  /** Empty for Exists and DoesNotExist. */
  values: string[];
}

/** A label selector; both parts must match. The empty selector matches every cluster. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: SelectorExpression[];
}

const expressionSchema = z
  .strictObject({
    key: z.string().meta({ pattern: LABEL_KEY_PATTERN }),
    operator: z.enum(SELECTOR_OPERATORS),
    values: z.array(z.string().meta({ pattern: LABEL_VALUE_PATTERN })).optional(),
  })
  .superRefine(checkExpression, ALWAYS)
  .meta({
    description: 'In and NotIn need a non-empty list of values; Exists and DoesNotExist take none.',
    anyOf: [
      {
        properties: { operator: { enum: ['In', 'NotIn'] }, values: { minItems: 1 } },
        required: ['values'],
      },
      { properties: { operator: { enum: ['Exists', 'DoesNotExist'] }, values: { maxItems: 0 } } },
    ],
  });

/** Schema of a label selector as written in the fleet file. */
export const labelSelectorSchema = z.strictObject({
  matchLabels: labelMap().optional(),
  matchExpressions: z.array(expressionSchema).optional(),
});

/** The written selector with its parts defaulted to empty. */
export function toLabelSelector(written: z.output<typeof labelSelectorSchema> | undefined): LabelSelector {
  return {
    matchLabels: { ...(written?.matchLabels ?? {}) },
    matchExpressions: (written?.matchExpressions ?? []).map((e) => ({
      key: e.key,
      operator: e.operator,
      values: [...(e.values ?? [])],
    })),
  };
}

/** True when `labels` satisfy every part of `selector`. */
export function matchesSelector(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  const labelsMatch = Object.entries(selector.matchLabels).every(([key, value]) => labels[key] === value);
  return labelsMatch && selector.matchExpressions.every((e) => matchesExpression(e, labels));
}

function matchesExpression(e: SelectorExpression, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[e.key];
  switch (e.operator) {
    case 'In':
      return value !== undefined && e.values.includes(value);
    case 'NotIn':
      return value === undefined || !e.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}

// Runs even when other fields are wrong, so it reads the raw value defensively.
function checkExpression(raw: unknown, ctx: Ctx): void {
  const e = raw as { key?: unknown; operator?: unknown; values?: unknown };
  if (typeof e.key === 'string') {
    const reason = labelKeyProblem(e.key);
    if (reason)
      report(ctx, { message: `The label key "${e.key}" ${reason}.`, problemCode: 'config.bad-selector' }, [
        'key',
      ]);
  }
  const values = Array.isArray(e.values) ? e.values : undefined;
  const needsValues = e.operator === 'In' || e.operator === 'NotIn';
  if (needsValues && (!values || values.length === 0)) {
    report(
      ctx,
      {
        message: `The operator ${e.operator} needs a non-empty list of values.`,
        problemCode: 'config.bad-selector',
        hint: 'Add values: [a, b], or use Exists to match any value.',
      },
      values ? ['values'] : ['operator'],
    );
  }
  if (
    !needsValues &&
    (e.operator === 'Exists' || e.operator === 'DoesNotExist') &&
    values &&
    values.length > 0
  ) {
    report(
      ctx,
      {
        message: `The operator ${e.operator} takes no values.`,
        problemCode: 'config.bad-selector',
        hint: 'Remove values, or use In / NotIn.',
      },
      ['values'],
    );
  }
  values?.forEach((v: unknown, i: number) => {
    const reason = typeof v === 'string' ? labelValueProblem(v) : undefined;
    if (reason)
      report(
        ctx,
        { message: `The label value "${String(v)}" ${reason}.`, problemCode: 'config.bad-selector' },
        ['values', i],
      );
  });
}
