/** Shared helpers for the diff tests: fixture loading and a fake cluster. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject, ObjectIdentity } from '../../../../src/engine/objects.js';
import { identityKey } from '../../../../src/engine/objects.js';
import type { LiveAccess } from '../../../../src/engine/diff/index.js';
import { identityOf } from '../../../../src/engine/diff/index.js';

const fixtureDir = fileURLToPath(new URL('../../../fixtures/diff/', import.meta.url));

/** Every object of a fixture file (fresh copies on each call). */
export function loadAll(name: string): KubeObject[] {
  return parseAllDocuments(readFileSync(fixtureDir + name, 'utf8'))
    .map((d) => d.toJS() as KubeObject | null)
    .filter((o): o is KubeObject => o !== null);
}

/** The single object of a fixture file. */
export function load(name: string): KubeObject {
  const [obj] = loadAll(name);
  if (!obj) throw new Error(`empty fixture ${name}`);
  return obj;
}

/** A cluster in memory: `get` reads `objects`, `dryRunApply` calls `dryRun` (or fails as told). */
export class FakeCluster implements LiveAccess {
  readonly objects = new Map<string, KubeObject>();
  getCalls = 0;
  dryRunCalls = 0;
  /** What a dry run returns, or throws; default: refuse as a read-only identity would. */
  dryRun: (obj: KubeObject) => KubeObject = () => {
    throw Object.assign(new Error('forbidden'), {
      statusCode: 403,
      body: {
        kind: 'Status',
        reason: 'Forbidden',
        code: 403,
        message: 'deployments.apps "web" is forbidden: User "viewer" cannot patch resource',
      },
    });
  };

  constructor(objects: KubeObject[] = []) {
    for (const o of objects) this.objects.set(identityKey(identityOf(o)), o);
  }

  async get(id: ObjectIdentity): Promise<KubeObject | undefined> {
    this.getCalls++;
    return this.objects.get(identityKey(id));
  }

  async dryRunApply(obj: KubeObject): Promise<KubeObject> {
    this.dryRunCalls++;
    return this.dryRun(obj);
  }
}

/** A server-side dry-run stand-in: the live object with the desired image and a bumped generation. */
export function predictFrom(live: KubeObject, change: (o: KubeObject) => void = () => {}): KubeObject {
  const out = structuredClone(live);
  out.metadata.generation = Number(out.metadata.generation ?? 1) + 1;
  out.metadata.managedFields = [
    { manager: 'flotilla', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } },
  ];
  change(out);
  return out;
}

/** Reads a nested container list of a Deployment-shaped object. */
export function containers(obj: KubeObject): Record<string, unknown>[] {
  const spec = (obj.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec;
  return spec.containers;
}
