import { describe, expect, it } from 'vitest';
import { findRefusedInput, unstorableReason } from './input-guard.js';

describe('unstorableReason', () => {
  it('names NUL bytes and unpaired surrogates, and lets paired surrogates (emoji) through', () => {
    expect(unstorableReason('a\u0000b')).toBe('contains a NUL character (U+0000)');
    expect(unstorableReason('\uD800')).toBe('contains an unpaired UTF-16 surrogate');
    expect(unstorableReason('x\uDC00')).toBe('contains an unpaired UTF-16 surrogate');
    expect(unstorableReason('\uDC00\uD800')).toBe('contains an unpaired UTF-16 surrogate');
    expect(unstorableReason('house 🏠 ünïcode \u00a0%00 \\u0000')).toBeUndefined();
  });
});

describe('findRefusedInput', () => {
  it('finds bad text in nested fields, array items and keys, named like validation errors', () => {
    const problems = findRefusedInput({
      name: 'ok',
      owner: { phones: ['555', 'x\u0000'] },
      ['bad\uD83Dkey']: 1,
      tags: [{ label: '\uDE00' }],
    });
    expect(problems).toEqual([
      { field: 'bad\uFFFDkey', message: 'is a field name that contains an unpaired UTF-16 surrogate' },
      { field: 'owner.phones.1', message: 'contains a NUL character (U+0000)' },
      { field: 'tags.0.label', message: 'contains an unpaired UTF-16 surrogate' },
    ]);
  });

  it('reads query and path objects without a prototype, and ignores numbers, booleans, null and buffers', () => {
    const params = Object.assign(Object.create(null) as object, { id: '\u0000' });
    expect(findRefusedInput(params)).toEqual([{ field: 'id', message: 'contains a NUL character (U+0000)' }]);
    expect(findRefusedInput({ a: 1, b: true, c: null, d: Buffer.from('\u0000') })).toEqual([]);
    expect(findRefusedInput('plain \u0000')).toEqual([{ field: '', message: 'contains a NUL character (U+0000)' }]);
  });

  it('refuses deep nesting without exhausting the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findRefusedInput(deep, 32)).toEqual([{ field: Array(32).fill('0').join('.'), message: 'nests deeper than 32 levels' }]);
    expect(findRefusedInput(deep)).toEqual([]);
  });

  it('reports at most ten problems', () => {
    expect(findRefusedInput(Array(1000).fill('\u0000'))).toHaveLength(10);
  });
});
