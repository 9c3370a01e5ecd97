/**
 * Cache folders readable only by their owner. On a shared ops host another user must neither read the
 * cached manifests nor plant objects flotilla would then render, so a folder is used only when this user owns
 * it and nobody else could write into it. One of ours that others can only read (as older flotilla versions made
 * them, 0755) is closed to 0700; one others could write into may already hold planted files, so it is refused.
 *
 * Files inside keep isomorphic-git's default modes: a 0700 folder already keeps other users out of
 * everything below it, and the process umask cannot be narrowed from the worker thread the monitor runs in.
 */
import type nodeFs from 'node:fs';

/** Owner-only: read, write and enter. */
const PRIVATE_MODE = 0o700;

/** Creates `dir` (and missing parents) private, or checks and tightens an existing one. Returns why the
 * folder cannot be used, or undefined when it is ours and private now. */
export async function ensurePrivateDir(
  fs: typeof nodeFs,
  dir: string,
  uid: number | undefined = process.getuid?.(),
): Promise<string | undefined> {
  await fs.promises.mkdir(dir, { recursive: true, mode: PRIVATE_MODE });
  return checkPrivateDir(fs, dir, uid);
}

/** Checks an existing folder: undefined when ours and (now) private, else why it cannot be used. Without a
 * uid (Windows), there are no POSIX owners and modes to check. */
export async function checkPrivateDir(
  fs: typeof nodeFs,
  dir: string,
  uid: number | undefined = process.getuid?.(),
): Promise<string | undefined> {
  const stat = await fs.promises.stat(dir);
  if (!stat.isDirectory()) return 'is not a folder';
  if (uid === undefined) return undefined;
  if (stat.uid !== uid) return `belongs to another user (uid ${stat.uid})`;
  if ((stat.mode & 0o777) === PRIVATE_MODE) return undefined;
  if ((stat.mode & 0o022) !== 0) return 'is writable by other users';
  try {
    await fs.promises.chmod(dir, PRIVATE_MODE);
    return undefined;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return `is open to other users and could not be made private (${typeof code === 'string' ? code : 'chmod failed'})`;
  }
}
