/** `--order LABEL=v1,v2,…`: which cluster label groups a rollout, and its values in the order to go. */
import { labelKeyProblem, labelValueProblem } from '../config/names.js';
import { fail, ok, type Problem, type Result } from '../problem.js';
import type { RolloutOrder } from './types.js';

const example = 'Write it as LABEL=VALUE,VALUE,…, e.g. --order env=staging,prod.';

const orderProblem = (message: string): Problem => ({ code: 'rollout.order', message, hint: example });

/** Reads an order; every mistake found is returned, none thrown. */
export function parseOrder(text: string): Result<RolloutOrder> {
  const eq = text.indexOf('=');
  if (eq < 0) return fail(orderProblem(`--order "${text}" has no "=": name the label, then its values.`));
  const label = text.slice(0, eq).trim();
  const values = text
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim());
  const problems: Problem[] = [];
  if (label === '') problems.push(orderProblem(`--order "${text}" names no label before "=".`));
  else {
    const why = labelKeyProblem(label);
    if (why) problems.push(orderProblem(`--order: the label "${label}" ${why}.`));
  }
  if (values.every((v) => v === ''))
    problems.push(orderProblem(`--order "${text}" lists no values after "=".`));
  else if (values.some((v) => v === ''))
    problems.push(orderProblem(`--order "${text}" has an empty value (two commas, or one at an end).`));
  for (const value of values) {
    const why = value === '' ? undefined : labelValueProblem(value);
    if (why) problems.push(orderProblem(`--order: the value "${value}" ${why}.`));
  }
  const repeated = values.filter((v, i) => v !== '' && values.indexOf(v) !== i);
  if (repeated.length > 0)
    problems.push(
      orderProblem(
        `--order lists ${[...new Set(repeated)].join(', ')} more than once; each group goes once.`,
      ),
    );
  return problems.length > 0 ? fail(...problems) : ok({ label, values });
}

/** `env=staging,prod`: the order as written. */
export function formatOrder(order: RolloutOrder): string {
  return `${order.label}=${order.values.join(',')}`;
}
