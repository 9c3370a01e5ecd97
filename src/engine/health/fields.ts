/** Defensive readers for plain-JSON objects: a live object may lack any field, or hold the wrong type. */
import type { KubeObject } from '../objects.js';

/** A JSON object with unknown contents. */
export type JsonMap = Record<string, unknown>;

/** The value as an object, or undefined. */
export function asMap(value: unknown): JsonMap | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonMap)
    : undefined;
}

/** The value at a path of keys, or undefined when any step is missing. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    const map = asMap(current);
    if (!map) return undefined;
    current = map[key];
  }
  return current;
}

/** A number at a path; numeric strings count because some controllers write them (Argo Rollouts' old observedGeneration). */
export function numberAt(value: unknown, ...path: string[]): number | undefined {
  const v = at(value, ...path);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

/** A string at a path, or undefined. */
export function stringAt(value: unknown, ...path: string[]): string | undefined {
  const v = at(value, ...path);
  return typeof v === 'string' ? v : undefined;
}

/** An array at a path; anything else reads as empty. */
export function arrayAt(value: unknown, ...path: string[]): unknown[] {
  const v = at(value, ...path);
  return Array.isArray(v) ? v : [];
}

/** `status` of an object, or undefined when the controller has not written one. */
export function statusOf(obj: KubeObject): JsonMap | undefined {
  return asMap(obj.status);
}

/** `metadata.generation`, 0 when absent, as the API server's zero value reads in Go. */
export function generationOf(obj: KubeObject): number {
  return numberAt(obj, 'metadata', 'generation') ?? 0;
}

/** `status.observedGeneration`, 0 when absent. */
export function observedGenerationOf(obj: KubeObject): number {
  return numberAt(obj, 'status', 'observedGeneration') ?? 0;
}

/** `spec.replicas` with the API server's default of 1. */
export function desiredReplicas(obj: KubeObject): number {
  return numberAt(obj, 'spec', 'replicas') ?? 1;
}
