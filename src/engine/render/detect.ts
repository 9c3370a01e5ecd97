/** Picks the renderer from the files directly in the app folder, as Argo CD's repo server does. */
import type { TreeFile } from '../source.js';
import { relativeInside } from './paths.js';
import type { RendererKind } from './types.js';

/** Names kustomize accepts for its entry file, in its order of preference. */
export const kustomizationNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The renderer for an app folder: Kustomize before Helm (a kustomization can inflate a chart), else plain files. */
export function detectRenderer(appPath: string, files: TreeFile[]): RendererKind {
  const names = new Set(
    files
      .map((file) => relativeInside(appPath, file.path))
      .filter((name): name is string => name !== null && !name.includes('/')),
  );
  if (kustomizationNames.some((name) => names.has(name))) return 'kustomize';
  if (names.has('Chart.yaml')) return 'helm';
  return 'directory';
}
