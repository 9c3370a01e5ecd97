/**
 * The one place that keeps credentials out of text: every message, hint and log line that leaves the
 * engine, and every error a command prints, goes through these functions, with one mask.
 *
 * Two kinds of masking work together. By shape: URL userinfo, `Authorization` headers and bearer or
 * basic credentials, and `token:`/`password:` style fields, whatever their value. By value: secrets
 * the caller knows (a Git token, a kubeconfig's bearer token), in the encodings they travel in.
 */

import type { Problem } from './problem.js';

/** What every masked credential becomes. */
export const MASK = '***';

/** Known values shorter than this are not masked by value: they would mask ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** Replaces `user:password@` (or `token@`) in URLs of any scheme, keeping the rest readable. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, `$1${MASK}@`);
}

/** Masks whole `Authorization:` header values (any scheme) and any `Bearer …`/`Basic …` credential. */
export function redactAuthorization(text: string): string {
  return text
    .replace(/(authorization["']?\s*[:=]\s*["']?)[^\r\n"',}]+/gi, `$1${MASK}`)
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${MASK}`);
}

// Field names whose values are credentials, as kubeconfigs, JSON bodies and query strings spell them.
const SECRET_FIELD =
  /\b((?:access|refresh|id|auth)?[-_]?token|client[-_]key[-_]data|client[-_]secret|password|passwd)(["']?\s*[=:]\s*["']?)[^\s"'&,}]+/gi;

/** Masks the values of `token: …`, `password=…`, `"client-key-data": "…"` and similar fields. */
export function redactSecretFields(text: string): string {
  return text.replace(SECRET_FIELD, `$1$2${MASK}`);
}

/** Masks credentials by shape: URL userinfo, authorization headers, secret fields. */
export function redact(text: string): string {
  return redactSecretFields(redactAuthorization(redactUrlCredentials(text)));
}

/** A problem with credentials masked in its message and hint (by `redactor`, default by shape only).
 * Its source is left alone: a field path such as `repos[0].auth.token` names where a secret was
 * written, and the message after it is not one. */
export function redactProblem(problem: Problem, redactor: (text: string) => string = redact): Problem {
  return {
    ...problem,
    message: redactor(problem.message),
    ...(problem.hint === undefined ? {} : { hint: redactor(problem.hint) }),
  };
}

/** A function that masks credentials by shape and a fixed set of known secret values. */
export type Redactor = (text: string) => string;

/**
 * Builds a redactor for known secret values. Each value is also masked in the encodings it travels
 * in (URL-encoded, and base64 of `user:secret` for a basic-auth header), because a library error may
 * quote a request in either form.
 */
export function createRedactor(secrets: readonly string[], username?: string): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    if (username !== undefined) forms.add(Buffer.from(`${username}:${secret}`).toString('base64'));
  }
  // Longest first, so a form that contains another is masked whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(MASK);
    return redact(out);
  };
}

/** Masks credentials in `text`, including the given known secret values. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return createRedactor(secrets)(text);
}
