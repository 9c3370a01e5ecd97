/** Maps an app's render settings from the fleet file to the renderer's request options. */
import { posix } from 'node:path';
import type { App } from '../config/index.js';
import type { RenderOptions } from '../render/index.js';

/** The renderer options for one app; `auto` leaves the choice to the files found.
 * `existing` filters Helm value files when the app allows missing ones. */
export function renderOptionsFor(app: App, existing?: (repoPath: string) => boolean): RenderOptions {
  const access = { allowRemote: app.renderAccess.allowRemote, env: [...app.renderAccess.env] };
  return { ...toolOptions(app, existing), access };
}

function toolOptions(app: App, existing?: (repoPath: string) => boolean): RenderOptions {
  const r = app.render;
  switch (r.tool) {
    case 'auto':
      return { directory: { ...r.directory } };
    case 'directory':
      return { renderer: 'directory', directory: { ...r.directory } };
    case 'kustomize':
      return { renderer: 'kustomize' };
    case 'helm': {
      const wanted =
        r.helm.ignoreMissingValueFiles && existing ? r.helm.valueFiles.filter(existing) : r.helm.valueFiles;
      return {
        renderer: 'helm',
        helm: {
          releaseName: r.helm.releaseName,
          namespace: r.helm.namespace,
          // The fleet file's value files are repository-relative; the renderer takes them relative to the chart.
          valueFiles: wanted.map((f) => posix.relative(app.path || '.', f) || '.'),
          values: r.helm.values,
        },
      };
    }
  }
}
