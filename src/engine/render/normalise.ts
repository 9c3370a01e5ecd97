/** From parsed documents to desired objects: validity, identity, namespace defaulting, duplicates, hashes. */
import { describeIdentity, identityKey, splitApiVersion } from '../objects.js';
import type { KubeObject, ObjectIdentity } from '../objects.js';
import { fail, formatSource, ok } from '../problem.js';
import type { Problem, Result } from '../problem.js';
import { canonicalJson, sha256 } from './hash.js';
import { findNonJson } from './plain-json.js';
import { crdScopes, scopeResolver } from './scope.js';
import type { NamespacedLookup, ObjectSource, RenderedObject } from './types.js';
import type { RawDocument } from './yaml-reader.js';

/** What normalisation needs to know about the app. */
interface NormaliseContext {
  /** Destination namespace of the app. */
  namespace: string;
  isNamespaced?: NamespacedLookup;
}

/** Rendered objects and the size of their canonical JSON (the render cache's weight). */
interface NormalisedObjects {
  objects: RenderedObject[];
  bytes: number;
}

/** The API server's default limit on a request body (3 MiB): a larger object can never be applied. */
export const MAX_OBJECT_BYTES = 3 * 1024 * 1024;

function tooLarge(object: RenderedObject, bytes: number): Problem {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return {
    code: 'render.object-too-large',
    message: `${object.object.kind} ${object.identity.name} is ${mib(bytes)} as JSON; the API server accepts at most ${mib(MAX_OBJECT_BYTES)}`,
    hint: 'Split the data over several objects, or keep large files out of manifests.',
    source: sourceRef(object.source),
  };
}

/** Turns documents into rendered objects; every invalid object and duplicate is reported, not only the first. */
export function normaliseDocuments(
  documents: RawDocument[],
  context: NormaliseContext,
): Result<NormalisedObjects> {
  const isNamespaced = scopeResolver(context.isNamespaced, crdScopes(documents.map((d) => d.value)));
  const problems: Problem[] = [];
  const objects: RenderedObject[] = [];
  let bytes = 0;
  for (const document of documents) {
    const checked = checkObject(document.value, document.source);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const object = checked.value;
    if (
      !context.namespace &&
      !object.metadata.namespace &&
      isNamespaced(splitApiVersion(object.apiVersion).group, object.kind)
    ) {
      problems.push({
        code: 'render.namespace-missing',
        message: `${object.kind} ${object.metadata.name ?? object.metadata.generateName} names no namespace and the app has no destination namespace`,
        hint: "Set the app's destination namespace, or metadata.namespace in the manifest.",
        source: sourceRef(document.source),
      });
      continue;
    }
    const rendered = toRendered(object, document.source, context.namespace, isNamespaced);
    if (rendered.bytes > MAX_OBJECT_BYTES) {
      problems.push(tooLarge(rendered.object, rendered.bytes));
      continue;
    }
    objects.push(rendered.object);
    bytes += rendered.bytes;
  }
  problems.push(...findDuplicates(objects));
  return problems.length > 0 ? fail(...problems) : ok({ objects, bytes });
}

function invalid(
  message: string,
  source: ObjectSource,
  hint = 'Every manifest needs apiVersion, kind and metadata.name.',
): Result<KubeObject> {
  return fail({
    code: 'render.invalid-object',
    message,
    hint,
    source: sourceRef(source),
  });
}

function checkObject(value: unknown, source: ObjectSource): Result<KubeObject> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(
      `expected a Kubernetes object (a mapping), found ${Array.isArray(value) ? 'a list' : `the ${typeof value} ${JSON.stringify(value)}`}`,
      source,
    );
  }
  const nonJson = findNonJson(value);
  if (nonJson !== null)
    return invalid(
      `field ${nonJson} holds a value JSON cannot carry (a YAML set, ordered map, binary or infinity)`,
      source,
    );
  const object = value as Partial<KubeObject>;
  const metadata = object.metadata;
  if (
    metadata !== undefined &&
    (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
  ) {
    return invalid('metadata must be a mapping', source);
  }
  const missing = [
    isText(object.apiVersion) ? null : 'apiVersion',
    isText(object.kind) ? null : 'kind',
    isText(metadata?.name) || isText(metadata?.generateName) ? null : 'metadata.name',
  ].filter((field): field is string => field !== null);
  if (missing.length > 0) {
    const what = isText(object.kind)
      ? `${object.kind}${isText(metadata?.name) ? ` ${metadata.name}` : ''}`
      : 'object';
    return invalid(`${what} has no ${missing.join(', ')}`, source);
  }
  if (metadata?.namespace !== undefined && typeof metadata.namespace !== 'string')
    return invalid('metadata.namespace must be a string', source);
  const badName = (['name', 'generateName', 'namespace'] as const).find((field) =>
    unusableName(metadata?.[field]),
  );
  if (badName)
    return invalid(
      `metadata.${badName} holds control characters, "/" or "%", which no Kubernetes kind accepts in a name`,
      source,
      'Names are letters, digits, "-" and "." (some kinds also allow ":" or "@").',
    );
  return ok(object as KubeObject);
}

/** A name the API server refuses for every kind; also keeps terminal escapes out of names shown later. */
function unusableName(value: unknown): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return typeof value === 'string' && /[\u0000-\u001f\u007f-\u009f/%]/.test(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function toRendered(
  object: KubeObject,
  source: ObjectSource,
  appNamespace: string,
  isNamespaced: (group: string, kind: string) => boolean,
): { object: RenderedObject; bytes: number } {
  const { group, version } = splitApiVersion(object.apiVersion);
  let namespace = '';
  if (isNamespaced(group, object.kind)) {
    namespace = object.metadata.namespace || appNamespace;
    object.metadata.namespace = namespace;
  } else {
    // The API server ignores a namespace on cluster-scoped objects; dropping it keeps diffs quiet.
    delete object.metadata.namespace;
  }
  const generated = !isText(object.metadata.name);
  const name = generated ? (object.metadata.generateName ?? '') : (object.metadata.name ?? '');
  const identity: ObjectIdentity = { group, version, kind: object.kind, namespace, name };
  const canonical = canonicalJson(object);
  const rendered: RenderedObject = { object, identity, source, hash: sha256(canonical) };
  if (generated) rendered.generated = true;
  return { object: rendered, bytes: canonical.length };
}

function findDuplicates(objects: RenderedObject[]): Problem[] {
  const seen = new Map<string, RenderedObject>();
  const problems: Problem[] = [];
  for (const object of objects) {
    if (object.generated) continue; // generateName gives each apply a fresh name: never a clash
    const key = identityKey(object.identity);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, object);
      continue;
    }
    problems.push({
      code: 'render.duplicate',
      message: `${describeIdentity(object.identity)} is defined twice: in ${describeSource(first.source)} and in ${describeSource(object.source)}`,
      hint: 'Remove one of them or give them different names; the cluster can hold only one.',
      source: sourceRef(object.source),
    });
  }
  return problems;
}

/** `file:line:col`, or the Helm template for chart output. */
export function describeSource(source: ObjectSource): string {
  return source.template && !source.line ? source.template : formatSource(sourceRef(source));
}

function sourceRef(source: ObjectSource): ObjectSource {
  const { template: _template, ...ref } = source;
  return ref as ObjectSource;
}
