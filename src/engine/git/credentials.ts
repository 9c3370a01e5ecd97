/** Credentials for a remote repository: read from the environment variables the fleet file names. */
import { fail, ok, type Result } from '../problem.js';
import type { RepoSpec } from './types.js';

/** A user name and a token for HTTP basic auth. */
export interface Credentials {
  username: string;
  token: string;
}

// GitHub accepts any user name with a token and documents this one; GitLab accepts any non-empty one.
const DEFAULT_USERNAME = 'x-access-token';

/** The credentials the repo's `auth` names, or undefined when it names none. */
export function readCredentials(
  spec: RepoSpec,
  env: Readonly<Record<string, string | undefined>>,
): Result<Credentials | undefined> {
  const { usernameEnv, tokenEnv } = spec.auth ?? {};
  if (!usernameEnv && !tokenEnv) return ok(undefined);
  const missing = [usernameEnv, tokenEnv].filter((name): name is string => !!name && !env[name]);
  if (missing.length > 0) {
    return fail({
      code: 'git.credentials-missing',
      message: `Repo ${spec.name}: environment variable ${missing.join(' and ')} (named in its auth) is not set or empty.`,
      hint: `Export ${missing.join(' and ')} before starting flotilla, or remove auth from repo ${spec.name} if it is public.`,
    });
  }
  return ok({
    username: (usernameEnv && env[usernameEnv]) || DEFAULT_USERNAME,
    token: (tokenEnv && env[tokenEnv]) || '',
  });
}

/** The `Authorization` header value for basic auth, sent up front so no request waits for a 401. */
export function basicAuthHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.token}`).toString('base64')}`;
}

/** Splits `https://user:secret@host/x` into the bare URL and the credentials it carried. */
export function splitUrlCredentials(url: string): { url: string; credentials?: Credentials } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  if (!parsed.username && !parsed.password) return { url };
  const credentials = {
    username: decodeURIComponent(parsed.username) || DEFAULT_USERNAME,
    token: decodeURIComponent(parsed.password),
  };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), credentials };
}
