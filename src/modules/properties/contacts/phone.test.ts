import { describe, expect, it } from 'vitest';
import { normalizePhone, splitPhones } from './phone.js';

describe('normalizePhone', () => {
  it.each([
    ['(213) 373-4253', '+12133734253', null],
    ['213.373.4253', '+12133734253', null],
    ['213-373-4253', '+12133734253', null],
    ['+1 213 373 4253', '+12133734253', null],
    ['+1 (213) 373-4253', '+12133734253', null],
    ['1-213-373-4253', '+12133734253', null],
    ['1 (213) 373-4253', '+12133734253', null],
    ['2133734253', '+12133734253', null],
    ['12133734253', '+12133734253', null],
    ['  (213)373-4253  ', '+12133734253', null],
    ['213-373-4253 x12', '+12133734253', '12'],
    ['213-373-4253x 99', '+12133734253', '99'],
    ['213-373-4253 ext. 12', '+12133734253', '12'],
    ['(213)373-4253 ext12', '+12133734253', '12'],
    ['213-373-4253 extension 5', '+12133734253', '5'],
    ['2133734253 #12', '+12133734253', '12'],
    ['Cell: (213) 373-4253', '+12133734253', null],
    ['Phone1: 2133734253', '+12133734253', null],
    ['tel:+12133734253', '+12133734253', null],
    ['213 373 4253 (cell)', '+12133734253', null],
    ['(M) 2133734253', '+12133734253', null],
    ['2133734253 Mobile', '+12133734253', null],
    ['213-373-4253 home x7', '+12133734253', '7'],
    ['(312) 555-0199', '+13125550199', null],
  ])('%s → %s', (raw, e164, extension) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, e164, lineType: 'unknown', extension });
  });

  it('reports the line type libphonenumber knows, and unknown for US fixed-or-mobile', () => {
    expect(normalizePhone('1-800-356-9377')).toMatchObject({ ok: true, e164: '+18003569377', lineType: 'toll_free' });
    expect(normalizePhone('(888) 555-1212')).toMatchObject({ ok: true, lineType: 'toll_free' });
    expect(normalizePhone('+44 20 7946 0958')).toMatchObject({ ok: true, e164: '+442079460958', lineType: 'landline' });
    expect(normalizePhone('+44 7911 123456')).toMatchObject({ ok: true, e164: '+447911123456', lineType: 'mobile' });
    expect(normalizePhone('+61 4 1234 5678')).toMatchObject({ ok: true, lineType: 'mobile' });
    expect(normalizePhone('(213) 373-4253')).toMatchObject({ ok: true, lineType: 'unknown' });
  });

  it('reads international numbers by + or the 011 exit code, and national ones by the default country', () => {
    expect(normalizePhone('011 44 20 7946 0958')).toMatchObject({ ok: true, e164: '+442079460958' });
    expect(normalizePhone('020 7946 0958', 'GB')).toMatchObject({ ok: true, e164: '+442079460958', lineType: 'landline' });
    expect(normalizePhone('07911 123456', 'GB')).toMatchObject({ ok: true, e164: '+447911123456', lineType: 'mobile' });
    expect(normalizePhone('(416) 555-0123', 'CA')).toMatchObject({ ok: true, e164: '+14165550123' });
  });

  it.each([
    ['', 'phone is empty'],
    ['   ', 'phone is empty'],
    ['+', 'phone has no digits'],
    ['--', 'phone has no digits'],
    ['abc', 'phone contains letters'],
    ['1-800-FLOWERS', 'phone contains letters'],
    ['call after 5pm', 'phone contains letters'],
    ['373-4253', 'phone is missing its area code'],
    ['213373425', 'phone has too few digits'],
    ['4253', 'phone has too few digits'],
    ['21337342531', 'phone has too many digits'],
    ['213373425312', 'phone has too many digits'],
    ['0000000000', 'phone is a placeholder (all digits the same)'],
    ['(999) 999-9999', 'phone is a placeholder (all digits the same)'],
    ['1-111-111-1111', 'phone is a placeholder (all digits the same)'],
    ['(555) 123-4567', 'not a valid US phone number'],
    ['+1 555 123 4567', 'not a valid US phone number'],
    ['123-456-7890', 'not a valid US phone number'],
    ['2133734253', 'not a valid GB phone number', 'GB'],
    ['+999 123 456', 'phone has an unknown country code'],
    ['+44 12', 'phone has too few digits'],
    ['+44 20 7946 09581234', 'phone has too many digits'],
  ] as [string, string, 'GB'?][])('%j is rejected: %s', (raw, reason, country) => {
    expect(normalizePhone(raw, country)).toEqual({ ok: false, reason });
  });

  it('gives the same answer the second time (outcomes are cached by digits)', () => {
    const first = normalizePhone('(213) 373-4253 x1');
    expect(normalizePhone('213.373.4253 x2')).toEqual({ ...first, extension: '2' });
    expect(normalizePhone('2133734253', 'GB')).toEqual({ ok: false, reason: 'not a valid GB phone number' });
    expect(normalizePhone('2133734253')).toMatchObject({ ok: true });
  });
});

describe('splitPhones', () => {
  it.each([
    ['', []],
    ['N/A', []],
    ['none', []],
    ['(213) 373-4253', ['(213) 373-4253']],
    ['555-123-4567; 555-987-6543', ['555-123-4567', '555-987-6543']],
    ['(213) 373-4253, (312) 555-1234', ['(213) 373-4253', '(312) 555-1234']],
    ['2133734253 | 3125551234', ['2133734253', '3125551234']],
    ['213-373-4253\n312-555-1234', ['213-373-4253', '312-555-1234']],
    ['2133734253 or 3125551234', ['2133734253', '3125551234']],
    ['213-373-4253 & 312-555-1234', ['213-373-4253', '312-555-1234']],
    ['5551234567/5559876543', ['5551234567', '5559876543']],
    ['(213)/373-4253', ['(213)/373-4253']],
    ['Phone1: 2133734253 Phone2: 3125551234', ['2133734253', '3125551234']],
    ['Cell: 213-373-4253 Home: 312-555-1234', ['213-373-4253', '312-555-1234']],
    ['213-373-4253 ext: 12; 3125551234', ['213-373-4253 ext: 12', '3125551234']],
    ['2133734253 3125551234', ['2133734253', '3125551234']],
    ['213 373 4253 312 555 1234', ['213 373 4253', '312 555 1234']],
    ['1 213 373 4253 1 312 555 1234', ['1 213 373 4253', '1 312 555 1234']],
  ])('%j', (raw, expected) => {
    expect(splitPhones(raw)).toEqual(expected);
  });

  it('feeds normalizePhone', () => {
    const phones = splitPhones('Phone1: (213) 373-4253 x5; Phone2: 1-800-356-9377').map((raw) => normalizePhone(raw));
    expect(phones).toEqual([
      { ok: true, e164: '+12133734253', lineType: 'unknown', extension: '5' },
      { ok: true, e164: '+18003569377', lineType: 'toll_free', extension: null },
    ]);
  });
});
