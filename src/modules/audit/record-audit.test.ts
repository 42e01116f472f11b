import { describe, expect, it } from 'vitest';
import { auditDiff } from './record-audit.js';

describe('auditDiff', () => {
  it('lists changed, added and removed fields as [before, after]', () => {
    expect(auditDiff({ role: 'member', name: 'A', gone: 1 }, { role: 'admin', name: 'A', added: [1] })).toEqual({
      role: ['member', 'admin'],
      gone: [1, null],
      added: [null, [1]],
    });
  });

  it('compares nested values by content', () => {
    expect(auditDiff({ tags: ['a', 'b'] }, { tags: ['a', 'b'] })).toEqual({});
  });

  it('diffs a creation and a deletion against nothing', () => {
    expect(auditDiff(null, { name: 'x' })).toEqual({ name: [null, 'x'] });
    expect(auditDiff({ name: 'x' }, undefined)).toEqual({ name: ['x', null] });
  });
});
