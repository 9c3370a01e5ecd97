/**
 * Checks a cached clone before trusting it: a killed process, a full disk or a stray edit can
 * leave a truncated pack, a garbled ref or HEAD, or a config pointing elsewhere.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { errorMessage } from './errors.js';
import { readCommit, type ObjectStore } from './object-store.js';

/** `absent` when there is no cache yet, `healthy`, or a short description of the damage. */
type CacheState = { state: 'absent' } | { state: 'healthy' } | { state: 'damaged'; detail: string };

const OID = /^[0-9a-f]{40}$/;

/** Inspects the cache of a remote repository cloned from `url`. */
export async function inspectCache(store: ObjectStore, url: string): Promise<CacheState> {
  const { fs, gitdir } = store;
  if (!fs.existsSync(gitdir)) return { state: 'absent' };
  try {
    const damage =
      (await checkHead(store)) ??
      (await checkConfig(store, url)) ??
      checkShallow(store) ??
      (await checkPacks(store)) ??
      (await checkRemoteRefs(store));
    return damage ? { state: 'damaged', detail: damage } : { state: 'healthy' };
  } catch (err) {
    return { state: 'damaged', detail: errorMessage(err) };
  }
}

async function checkHead({ fs, gitdir }: ObjectStore): Promise<string | undefined> {
  const head = (await readText(fs, join(gitdir, 'HEAD')))?.trim();
  if (head === undefined) return 'HEAD is missing';
  return /^ref: refs\/\S+$/.test(head) || OID.test(head) ? undefined : 'HEAD is unreadable';
}

async function checkConfig(store: ObjectStore, url: string): Promise<string | undefined> {
  const configured = await git.getConfig({ fs: store.fs, gitdir: store.gitdir, path: 'remote.origin.url' });
  if (configured === undefined) return 'the config is missing or unreadable';
  return configured === url ? undefined : 'the config points at another URL';
}

function checkShallow({ fs, gitdir }: ObjectStore): string | undefined {
  const path = join(gitdir, 'shallow');
  if (!fs.existsSync(path)) return undefined;
  const lines = fs.readFileSync(path, 'utf8').split('\n').filter(Boolean);
  return lines.every((line) => OID.test(line)) ? undefined : 'the shallow file is unreadable';
}

/** Every pack must have its index, and both must end with the SHA-1 of what precedes it. */
async function checkPacks({ fs, gitdir }: ObjectStore): Promise<string | undefined> {
  const dir = join(gitdir, 'objects', 'pack');
  if (!fs.existsSync(dir)) return 'the objects folder is missing';
  const names = fs.readdirSync(dir);
  for (const name of names) {
    const isPack = name.endsWith('.pack');
    if (!isPack && !name.endsWith('.idx')) continue;
    const partner = isPack ? name.replace(/\.pack$/, '.idx') : name.replace(/\.idx$/, '.pack');
    if (!names.includes(partner)) return `${partner} is missing`;
    if (!hasValidTrailer(await fs.promises.readFile(join(dir, name)), isPack ? 'PACK' : '\xfftOc'))
      return `${name} is damaged`;
  }
  return undefined;
}

function hasValidTrailer(data: Buffer, magic: string): boolean {
  if (data.length < 32 || data.subarray(0, 4).toString('latin1') !== magic) return false;
  const digest = createHash('sha1')
    .update(data.subarray(0, data.length - 20))
    .digest();
  return digest.equals(data.subarray(data.length - 20));
}

/** Every remote-tracking ref must name a commit that can be read. */
async function checkRemoteRefs(store: ObjectStore): Promise<string | undefined> {
  const branches = await git.listBranches({ fs: store.fs, gitdir: store.gitdir, remote: 'origin' });
  for (const branch of branches) {
    const ref = `refs/remotes/origin/${branch}`;
    let oid: string;
    try {
      oid = await git.resolveRef({ fs: store.fs, gitdir: store.gitdir, ref });
    } catch {
      return `${ref} is unreadable`;
    }
    if (!OID.test(oid)) return `${ref} is unreadable`;
    try {
      await readCommit(store, oid);
    } catch {
      return `the commit of ${ref} cannot be read`;
    }
  }
  return undefined;
}

async function readText(fs: ObjectStore['fs'], path: string): Promise<string | undefined> {
  try {
    return await fs.promises.readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
