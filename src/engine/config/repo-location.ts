/** Where a repo lives: an HTTP(S) remote or a path on this machine, told apart from what the user wrote. */
import type { CheckFailure } from './schema-parts.js';

/** A repo's location as written, classified. */
type WrittenLocation =
  { kind: 'remote'; url: string; scheme: 'https' | 'http'; host: string } | { kind: 'local'; path: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const SCP_LIKE = /^[\w.-]+@[\w.-]+:/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Classifies `url`, or says why flotilla cannot use it. Never repeats credentials found in it. */
export function classifyRepoUrl(url: string): WrittenLocation | CheckFailure {
  if (url.trim() === '')
    return {
      message: 'The repo url is empty.',
      problemCode: 'config.bad-url',
      hint: 'Write an https:// URL or a local path.',
    };
  if (SCP_LIKE.test(url) || /^(ssh|git\+ssh|git):\/\//.test(url)) return sshUnsupported();
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'local', path: url };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {
      message: 'The repo url is not a valid URL.',
      problemCode: 'config.bad-url',
      hint: 'Write it as https://host/path/repo.git.',
    };
  }
  if (scheme === 'file') return { kind: 'local', path: decodeURIComponent(parsed.pathname) };
  if (scheme !== 'https' && scheme !== 'http') {
    return {
      message: `flotilla cannot fetch "${scheme}://" URLs.`,
      problemCode: 'config.bad-url',
      hint: 'Use an https:// URL or a local path.',
    };
  }
  if (parsed.username !== '' || parsed.password !== '') return credentialsInUrl();
  return { kind: 'remote', url, scheme, host: parsed.hostname };
}

/** True for hosts on this machine, where plain http:// exposes nothing on the network. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** True when `value` is a failure rather than a location. */
export function isCheckFailure(value: WrittenLocation | CheckFailure): value is CheckFailure {
  return 'problemCode' in value;
}

function sshUnsupported(): CheckFailure {
  return {
    message: 'SSH repo URLs are not supported; flotilla fetches over HTTPS.',
    problemCode: 'config.bad-url',
    hint: 'Use the HTTPS URL of the repository, with auth: { tokenEnv: VAR } for a private one.',
  };
}

function credentialsInUrl(): CheckFailure {
  return {
    message: 'The repo url contains credentials; secrets must never be written in the fleet file.',
    problemCode: 'config.inline-secret',
    hint: 'Remove "user:token@" from the URL, put the token in an environment variable and reference it: auth: { usernameEnv: GIT_USER, tokenEnv: GIT_TOKEN }.',
  };
}
