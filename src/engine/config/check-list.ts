/** Checks one list section (`clusters`, `repos`, `apps`, `appSets`) entry by entry. */
import { z } from 'zod';
import type { Problem } from '../problem.js';
import { validateAt } from './issues.js';
import type { NamedAt } from './references.js';
import type { FieldPath, YamlSource } from './yaml-source.js';
import { sourceAt } from './yaml-source.js';

/** A checked list entry and its index in the list. */
export interface Indexed<T> {
  value: T;
  index: number;
}

/** One list section after checking. */
export interface CheckedList<T> {
  /** False when the section is left out or has nothing under it (`clusters:` alone). */
  present: boolean;
  /** False when the section is not a list, so the names in it are unknown. */
  readable: boolean;
  /** The raw entries as written. */
  items: unknown[];
  /** Entries that passed the schema. */
  entries: Indexed<T>[];
  /** Every name written in the list, of valid and invalid entries alike, so one bad entry causes no "unknown name" elsewhere. */
  declared: NamedAt[];
  problems: Problem[];
}

const listSchema = z.array(z.unknown()).nullable().optional();

/** Checks `raw[key]` as a list of entries of `schema`; `what` names an entry in messages. */
export function checkList<T extends z.ZodType>(
  key: string,
  schema: T,
  raw: Record<string, unknown>,
  src: YamlSource,
  what: string,
): CheckedList<z.output<T>> {
  const list = validateAt(listSchema, raw[key], src, [key]);
  const items = list.value ?? [];
  const out: CheckedList<z.output<T>> = {
    present: items.length > 0 || Array.isArray(raw[key]),
    readable: list.problems.length === 0,
    items,
    entries: [],
    declared: [],
    problems: [...list.problems],
  };
  items.forEach((item, index) => {
    const place: FieldPath = [key, index];
    const name = stringField(item, 'name');
    if (name !== undefined) out.declared.push({ name, source: sourceAt(src, [...place, 'name']), what });
    const checked = validateAt(schema, item, src, place);
    if (checked.value !== undefined) out.entries.push({ value: checked.value, index });
    out.problems.push(...checked.problems);
  });
  return out;
}

/** `value[key]` when `value` is a mapping and that field is text. */
export function stringField(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path)
    current =
      typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  return typeof current === 'string' ? current : undefined;
}
