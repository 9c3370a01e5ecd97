/** Sync waves: read from annotations, mirrored for prunes, and the wave PruneLast prunes move to. */
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { describeIdentity } from '../objects.js';
import type { PlanProblem } from './types.js';

/** The wave annotation; lower waves are applied first. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';
/** Helm's hook weight, the wave of an object that has no sync-wave annotation. */
export const HELM_HOOK_WEIGHT_ANNOTATION = 'helm.sh/hook-weight';

const INTEGER = /^[+-]?\d+$/;

/** The wave of an object: its sync-wave, else its Helm hook weight, else 0. A value that is not a whole number is
 * a problem that stops the sync (the object would otherwise run in a wave its author did not choose). */
export function waveOf(obj: KubeObject, identity: ObjectIdentity): { wave: number; problems: PlanProblem[] } {
  const annotations = obj.metadata?.annotations ?? {};
  const problems: PlanProblem[] = [];
  for (const key of [SYNC_WAVE_ANNOTATION, HELM_HOOK_WEIGHT_ANNOTATION]) {
    const text = annotations[key];
    if (typeof text !== 'string') continue;
    const wave = parseWave(text);
    if (wave !== undefined) return { wave, problems };
    problems.push({
      code: 'sync.bad-wave',
      effect: 'stops-sync',
      message: `${describeIdentity(identity)}: the annotation ${key} is "${text}", not a whole number.`,
      hint: `Write a whole number such as "1" or "-2" (quoted in YAML).`,
    });
  }
  return { wave: 0, problems };
}

/** A wave written as a whole number (surrounding blanks allowed), else undefined. */
export function parseWave(text: string): number | undefined {
  const trimmed = text.trim();
  if (!INTEGER.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Mirrors prune waves so what was created last is deleted first: the distinct waves, sorted, map lowest ↔ highest. */
export function mirroredWaves(waves: readonly number[]): Map<number, number> {
  const distinct = [...new Set(waves)].sort((a, b) => a - b);
  const mirror = new Map<number, number>();
  distinct.forEach((wave, i) => mirror.set(wave, distinct[distinct.length - 1 - i]!));
  return mirror;
}

/** The wave PruneLast prunes run in: one after the highest Sync-phase wave, and never before wave 1. */
export function pruneLastWave(syncPhaseWaves: readonly number[]): number {
  return Math.max(0, ...syncPhaseWaves) + 1;
}
