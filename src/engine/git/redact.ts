/** Keeps secrets out of every text the git module lets go of: messages, hints, log lines. */

const MASK = '***';

/** Removes `user:password@` from URLs inside `text` (any scheme), keeping the rest readable. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, `$1${MASK}@`);
}

/** A function that masks the given secret values and URL userinfo in any text. */
export type Redactor = (text: string) => string;

/**
 * Builds a redactor for a set of secret values. Each value is also masked in the encodings it
 * travels in (URL-encoded, and base64 of `user:secret` for a basic-auth header), because a
 * library error may quote a request in either form.
 */
export function createRedactor(secrets: readonly string[], username?: string): Redactor {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    if (username !== undefined) forms.add(Buffer.from(`${username}:${secret}`).toString('base64'));
  }
  // Longest first, so a form that contains another is masked whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = redactUrlCredentials(text);
    for (const form of ordered) out = out.split(form).join(MASK);
    return out;
  };
}
