/** App-set templates: `{{cluster.name}}`, `{{cluster.context}}` and `{{cluster.labels.KEY}}` placeholders. */
import { labelKeyProblem } from './names.js';
import { closestMatch } from './suggest.js';

/** What a placeholder may read from a matching cluster. */
export interface TemplateCluster {
  name: string;
  context: string;
  labels: Readonly<Record<string, string>>;
}

/** One `{{ … }}` occurrence in a template string. */
export interface Placeholder {
  /** The text as written, braces included, to find it again in the file. */
  raw: string;
  /** How many identical `raw` texts come before this one in the string, to find the right one in the file. */
  occurrence: number;
  /** The expression inside the braces, trimmed: `cluster.labels.env`. */
  expression: string;
}

/** A placeholder that cannot work, whatever cluster it is expanded for. */
interface PlaceholderError {
  raw: string;
  occurrence: number;
  message: string;
  hint?: string;
}

const PLACEHOLDER = /\{\{(.*?)\}\}/g;
const FIXED_FIELDS = ['cluster.name', 'cluster.context'];
const LABELS_PREFIX = 'cluster.labels.';
/** Argo CD cluster-generator spellings, so a copied ApplicationSet gets a precise hint. */
const ARGO_SPELLINGS: Record<string, string> = {
  name: 'cluster.name',
  nameNormalized: 'cluster.name',
  server: 'cluster.context',
};

/** True when `text` contains template syntax and so is checked after expansion, not before. */
export function hasPlaceholders(text: string): boolean {
  return text.includes('{{');
}

/** Every placeholder in `text`. */
function findPlaceholders(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => placeholderAt(text, m[0], m.index, m[1] ?? ''));
}

/** Problems with the placeholders in `text`: unknown names, bad label keys, unclosed braces. */
export function checkPlaceholders(text: string): PlaceholderError[] {
  const errors: PlaceholderError[] = findPlaceholders(text).flatMap((p) => {
    const problem = expressionProblem(p.expression);
    return problem ? [{ raw: p.raw, occurrence: p.occurrence, ...problem }] : [];
  });
  const unclosed = text.lastIndexOf('{{');
  if (unclosed >= 0 && !text.includes('}}', unclosed + 2)) {
    errors.push({
      raw: '{{',
      occurrence: occurrencesBefore(text, '{{', unclosed),
      message: 'A placeholder is opened with "{{" but never closed with "}}".',
      hint: 'Write placeholders as {{cluster.name}}.',
    });
  }
  return errors;
}

/** `text` with every placeholder replaced for `cluster`, or the placeholders the cluster cannot fill. */
export function expandPlaceholders(
  text: string,
  cluster: TemplateCluster,
): { value: string; missing: Placeholder[] } {
  const missing: Placeholder[] = [];
  const value = text.replace(PLACEHOLDER, (raw: string, inner: string, index: number) => {
    const filled = placeholderValue(inner.trim(), cluster);
    if (filled === undefined) missing.push(placeholderAt(text, raw, index, inner));
    return filled ?? raw;
  });
  return { value, missing };
}

/** The label key a `cluster.labels.KEY` expression reads, or undefined for other expressions. */
export function labelKeyOf(expression: string): string | undefined {
  return expression.startsWith(LABELS_PREFIX) ? expression.slice(LABELS_PREFIX.length) : undefined;
}

function placeholderAt(text: string, raw: string, index: number, inner: string): Placeholder {
  return { raw, occurrence: occurrencesBefore(text, raw, index), expression: inner.trim() };
}

function occurrencesBefore(text: string, needle: string, index: number): number {
  return text.slice(0, index).split(needle).length - 1;
}

function placeholderValue(expression: string, cluster: TemplateCluster): string | undefined {
  if (expression === 'cluster.name') return cluster.name;
  if (expression === 'cluster.context') return cluster.context;
  const key = labelKeyOf(expression);
  return key === undefined ? undefined : cluster.labels[key];
}

function expressionProblem(expression: string): { message: string; hint?: string } | undefined {
  if (FIXED_FIELDS.includes(expression)) return undefined;
  const key = labelKeyOf(expression);
  if (key !== undefined) {
    const keyProblem = labelKeyProblem(key);
    return keyProblem
      ? { message: `The placeholder {{${expression}}} names the label key "${key}", which ${keyProblem}.` }
      : undefined;
  }
  const suggestion = suggestExpression(expression);
  return {
    message: `Unknown placeholder {{${expression}}}.`,
    hint: `${suggestion ? `Did you mean {{${suggestion}}}? ` : ''}Placeholders are {{cluster.name}}, {{cluster.context}} and {{cluster.labels.KEY}}.`,
  };
}

function suggestExpression(expression: string): string | undefined {
  const argo = ARGO_SPELLINGS[expression];
  if (argo) return argo;
  const argoLabel = /^metadata\.labels\.(.+)$/.exec(expression);
  if (argoLabel) return `${LABELS_PREFIX}${argoLabel[1]}`;
  const parts = expression.split('.');
  if (parts.length >= 3) {
    const prefix = `${parts.slice(0, 2).join('.')}.`;
    if (closestMatch(prefix, [LABELS_PREFIX])) return `${LABELS_PREFIX}${parts.slice(2).join('.')}`;
  }
  return closestMatch(expression, FIXED_FIELDS);
}
