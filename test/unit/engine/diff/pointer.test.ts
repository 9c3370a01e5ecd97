import { describe, expect, it } from 'vitest';
import { parsePointer, resolvePointer } from '../../../../src/engine/diff/index.js';

const doc = {
  metadata: { annotations: { 'a/b': 'x', 'c~d': 'y' } },
  spec: { ports: [{ port: 80 }, { port: 443 }] },
};

function resolve(text: string) {
  const r = parsePointer(text);
  if (!r.ok) throw new Error(r.problems[0]!.message);
  return resolvePointer(r.value, doc);
}

describe('JSON pointers', () => {
  it('resolves keys with RFC 6901 escapes and array indexes', () => {
    expect(resolve('/metadata/annotations/a~1b')).toEqual(['metadata', 'annotations', 'a/b']);
    expect(resolve('/metadata/annotations/c~0d')).toEqual(['metadata', 'annotations', 'c~d']);
    expect(resolve('/spec/ports/1/port')).toEqual(['spec', 'ports', 1, 'port']);
  });

  it('names nothing for missing keys, out-of-range or malformed indexes', () => {
    expect(resolve('/spec/nothing')).toBeUndefined();
    expect(resolve('/spec/ports/2')).toBeUndefined();
    expect(resolve('/spec/ports/01')).toBeUndefined();
    expect(resolve('/spec/ports/-')).toBeUndefined();
  });

  it('refuses pointers that are not RFC 6901 or name the whole object', () => {
    for (const bad of ['', '/', 'spec/replicas', '/a~2b']) {
      const r = parsePointer(bad, 'f');
      expect(r.ok).toBe(false);
      if (!r.ok)
        expect(r.problems[0]).toMatchObject({ code: 'diff.pointer-invalid', source: { field: 'f' } });
    }
  });
});
