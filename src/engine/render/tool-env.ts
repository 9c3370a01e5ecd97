/** The environment helm, kustomize and kubectl run with: only what they need, never flotilla's own.
 *
 * flotilla's environment may hold Git tokens, cloud credentials and kubeconfig paths; a chart or a
 * kustomization from a repository must not be able to read or send them. So a tool gets PATH, HOME,
 * a temporary folder, its own configuration and cache folders, and the variables the app names. Unless
 * the app allows remote fetches, the network is closed as well: Git may only use local repositories, and
 * HTTP(S) goes to a proxy address on which nothing listens, so a remote base or chart fails at once
 * instead of being fetched.
 */

/** Variables every tool gets when flotilla has them. */
const basics = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL'];

/** The tools' own configuration, cache and data folders (helm's and the XDG ones it and kustomize read). */
const toolFolders = [
  'HELM_CACHE_HOME',
  'HELM_CONFIG_HOME',
  'HELM_DATA_HOME',
  'XDG_CACHE_HOME',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
];

/** A loopback port nothing listens on (the discard port), so a proxied request is refused at once. */
const closedProxy = 'http://127.0.0.1:9';

/** What an app lets its renderer reach. */
export interface ToolAccess {
  /** Allow remote bases and chart repositories over the network. */
  allowRemote?: boolean;
  /** Names of further variables to pass from flotilla's environment. */
  env?: readonly string[];
}

/** The environment for one tool run of an app, built from flotilla's `parent` environment. */
export function toolEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  access: ToolAccess = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...basics, ...toolFolders, ...(access.env ?? [])]) {
    const value = parent[name];
    if (value !== undefined) out[name] = value;
  }
  if (!access.allowRemote) {
    Object.assign(out, {
      GIT_ALLOW_PROTOCOL: 'file',
      HTTP_PROXY: closedProxy,
      HTTPS_PROXY: closedProxy,
      ALL_PROXY: closedProxy,
      http_proxy: closedProxy,
      https_proxy: closedProxy,
      NO_PROXY: '',
      no_proxy: '',
    });
  }
  return out;
}
