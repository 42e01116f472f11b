import { describe, expect, it } from 'vitest';
import { slugify } from './service.js';

describe('slugify', () => {
  it('makes URL-safe lowercase slugs', () => {
    expect(slugify('Acme Flips, LLC')).toBe('acme-flips-llc');
    expect(slugify('  Ça Va Realty  ')).toBe('ca-va-realty');
    expect(slugify('!!!')).toBe('team');
    expect(slugify('x'.repeat(80))).toHaveLength(50);
  });
});
