import { describe, expect, it } from 'vitest';
import { normalizeEmail, splitEmails } from './email.js';

describe('normalizeEmail', () => {
  it.each([
    ['john.smith@example.com', 'john.smith@example.com'],
    ['  John.Smith@Example.COM  ', 'john.smith@example.com'],
    ['mailto:john@example.com', 'john@example.com'],
    ['MAILTO:John@Example.com?subject=Your%20house', 'john@example.com'],
    ['John Smith <john@example.com>', 'john@example.com'],
    ['<john@example.com>', 'john@example.com'],
    ['john+leads@example.com', 'john+leads@example.com'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['j_smith-99@mail.example.co.uk', 'j_smith-99@mail.example.co.uk'],
    ['a@b.io', 'a@b.io'],
    ['info@xn--bcher-kva.example', 'info@xn--bcher-kva.example'],
    ['user@sub-domain.example.org', 'user@sub-domain.example.org'],
  ])('%j → %s', (raw, email) => {
    expect(normalizeEmail(raw)).toEqual({ ok: true, email });
  });

  it.each([
    ['', 'email is empty'],
    ['   ', 'email is empty'],
    ['mailto:', 'email is empty'],
    ['john.example.com', 'email has no @'],
    ['john smith@example.com', 'email contains spaces'],
    ['john@@example.com', 'email has more than one @'],
    ['john@example@com', 'email has more than one @'],
    ['@example.com', 'email has nothing before the @'],
    ['john@', 'email has no domain after the @'],
    ['john..smith@example.com', 'email has consecutive dots'],
    ['john@example..com', 'email has consecutive dots'],
    ['.john@example.com', 'email starts or ends with a dot before the @'],
    ['john.@example.com', 'email starts or ends with a dot before the @'],
    ['"john"@example.com', 'email has characters not allowed before the @'],
    ['jöhn@example.com', 'email has characters not allowed before the @'],
    ['john@localhost', 'email domain has no top-level domain (like .com)'],
    ['john@example.c', 'email domain is not valid'],
    ['john@example.com.', 'email domain is not valid'],
    ['john@-example.com', 'email domain is not valid'],
    ['john@example-.com', 'email domain is not valid'],
    ['john@exa_mple.com', 'email domain is not valid'],
    ['john@example.123', 'email domain is not valid'],
    ['john@[192.168.0.1]', 'email domain is not valid'],
    [`${'a'.repeat(65)}@example.com`, 'email has more than 64 characters before the @'],
    [`a@${'b'.repeat(250)}.com`, 'email is longer than 254 characters'],
  ])('%j is rejected: %s', (raw, reason) => {
    expect(normalizeEmail(raw)).toEqual({ ok: false, reason });
  });

  it('accepts exactly 254 characters', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(email).toHaveLength(254);
    expect(normalizeEmail(email)).toEqual({ ok: true, email });
  });
});

describe('splitEmails', () => {
  it.each([
    ['', []],
    ['  ', []],
    ['N/A', []],
    ['none', []],
    ['john@example.com', ['john@example.com']],
    ['a@x.com; b@y.com', ['a@x.com', 'b@y.com']],
    ['a@x.com,b@y.com', ['a@x.com', 'b@y.com']],
    ['a@x.com | b@y.com', ['a@x.com', 'b@y.com']],
    ['a@x.com\nb@y.com', ['a@x.com', 'b@y.com']],
    ['a@x.com b@y.com', ['a@x.com', 'b@y.com']],
    ['Email1: a@x.com Email2: b@y.com', ['a@x.com', 'b@y.com']],
    ['Email1:a@x.com', ['a@x.com']],
    ['Ann Smith <a@x.com>, Bob Jones <b@y.com>', ['a@x.com', 'b@y.com']],
    ['mailto:a@x.com', ['mailto:a@x.com']],
    ['primary a@x.com', ['a@x.com']],
    // no @ anywhere: the cell comes back whole so the import can say why
    ['john at example dot com', ['john at example dot com']],
  ])('%j', (raw, expected) => {
    expect(splitEmails(raw)).toEqual(expected);
  });

  it('feeds normalizeEmail', () => {
    expect(splitEmails('Email1: A@X.com; mailto:B@Y.org').map((raw) => normalizeEmail(raw))).toEqual([
      { ok: true, email: 'a@x.com' },
      { ok: true, email: 'b@y.org' },
    ]);
  });
});
