import fc from 'fast-check';
import { KeySet } from './key-set';

describe('KeySet', () => {
  it('adds, answers membership and counts distinct keys', () => {
    const set = KeySet.empty().add('a').add('b').add('a');
    expect(set.size).toBe(2);
    expect(set.has('a')).toBe(true);
    expect(set.has('c')).toBe(false);
    expect([...set]).toEqual(['a', 'b']);
  });

  it('keeps older versions unchanged when a newer one grows', () => {
    const v1 = KeySet.of(['a']);
    const v2 = v1.add('b');
    expect(v1.has('b')).toBe(false);
    expect(v1.size).toBe(1);
    expect(v2.has('b')).toBe(true);
  });

  it('branches from an older version without disturbing the newer one', () => {
    const v1 = KeySet.of(['a']);
    const v2 = v1.add('b');
    const branch = v1.add('c');
    expect([...branch]).toEqual(['a', 'c']);
    expect([...v2]).toEqual(['a', 'b']);
    expect(v2.has('c')).toBe(false);
    expect(branch.has('b')).toBe(false);
    expect(v1.add('b').has('b')).toBe(true);
  });

  it('behaves like a copied Set under any sequence of adds to any version (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f')), { maxLength: 60 }),
        (steps) => {
          const versions: { set: KeySet; model: Set<string> }[] = [{ set: KeySet.empty(), model: new Set() }];
          for (const [pick, key] of steps) {
            const from = versions[pick % versions.length];
            if (!from) continue;
            versions.push({ set: from.set.add(key), model: new Set([...from.model, key]) });
          }
          for (const { set, model } of versions) {
            expect(set.size).toBe(model.size);
            expect(new Set(set)).toEqual(model);
            for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) expect(set.has(key)).toBe(model.has(key));
          }
        },
      ),
    );
  });
});
