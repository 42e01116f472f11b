import { describe, expect, it } from 'vitest';
import type { ImportField } from './fields.js';
import { normalizeRow, resolveColumns, type RowOutcome } from './normalize-row.js';

const FIELDS: ImportField[] = [
  'apn',
  'situs_address',
  'situs_city',
  'situs_state',
  'situs_zip',
  'owner_name',
  'owner2_name',
  'mailing_address',
  'mailing_zip',
  'phone',
  'phone2',
  'email',
  'fips',
  'beds',
  'baths',
  'living_sqft',
  'lot_acres',
  'year_built',
  'assessed_value',
  'market_value',
  'mortgage_balance',
  'tax_owed',
  'last_sale_date',
  'last_sale_price',
  'latitude',
  'longitude',
  'outcome',
];
const { columns } = resolveColumns(FIELDS, { headerRow: 1, columns: Object.fromEntries(FIELDS.map((f) => [f, f])) });

const GOOD: Partial<Record<ImportField, string>> = {
  apn: '001-100-01',
  situs_address: '123 N Main St',
  situs_city: 'Springfield',
  situs_state: 'IL',
  situs_zip: '62701',
  owner_name: 'SMITH JOHN A',
  mailing_address: '55 Oak Ave',
  mailing_zip: '60601',
  phone: '(312) 555-0142',
  email: 'john@example.com',
  beds: '3',
  year_built: '1978',
  assessed_value: '$120,000',
  last_sale_date: '3/4/2021',
  last_sale_price: '150000',
};

function row(values: Partial<Record<ImportField, string>>, extra: string[] = []): string[] {
  return [...FIELDS.map((field) => values[field] ?? ''), ...extra];
}

function accepted(outcome: RowOutcome) {
  if (!outcome.ok) throw new Error(`rejected: ${outcome.reasons.join('; ')}`);
  return outcome.row;
}

const droppedFields = (outcome: RowOutcome) => accepted(outcome).warnings.map((w) => w.field);

describe('normalizeRow with bad values', () => {
  it('imports a clean row without warnings', () => {
    const clean = accepted(normalizeRow(2, row(GOOD), columns));
    expect(clean.warnings).toEqual([]);
    expect(clean.owners[0]?.phones).toEqual([{ e164: '+13125550142', lineType: 'unknown' }]);
    expect(clean.facts).toMatchObject({ apn: '001-100-01', beds: 3, year_built: 1978, assessed_value: 120_000 });
  });

  it.each([
    ['phone', 'phone', '(000) 000-0000', /placeholder/],
    ['unassigned area code', 'phone', '(123) 456-7890', /not a valid US phone number/],
    ['seven-digit phone', 'phone', '555-0142', /missing its area code/],
    ['phone words', 'phone', 'call after 5', /letters|no digits/],
    ['email', 'email', 'john@@example', /more than one @/],
    ['email without domain', 'email', 'john at example dot com', /spaces|no @/],
    ['owner name', 'owner_name', '12345', /owner name cannot be read/],
    ['second owner', 'owner2_name', '???', /second owner name cannot be read/],
    ['mailing ZIP', 'mailing_zip', 'ABCDE', /bad mailing ZIP/],
    ['property ZIP', 'situs_zip', '6270A', /bad ZIP code/],
    ['all-zero ZIP', 'situs_zip', '00000', /bad ZIP code/],
    ['FIPS', 'fips', '17-167', /FIPS code must be 5 digits/],
    ['year built', 'year_built', '3021', /impossible year built/],
    ['year built zero', 'year_built', '0', /impossible year built/],
    ['bedrooms', 'beds', 'three', /bedrooms is not a number/],
    ['bathrooms', 'baths', '100', /out of range/],
    ['living area', 'living_sqft', '-1', /out of range/],
    ['lot acres', 'lot_acres', '1000000', /out of range/],
    ['negative value', 'assessed_value', '-5000', /assessed value -5000 is out of range/],
    ['overflowing value', 'market_value', '1e400', /market value is not a number/],
    ['huge value', 'mortgage_balance', '1000000000000', /out of range/],
    ['text amount', 'tax_owed', 'see notes', /tax owed is not a number/],
    ['sale date', 'last_sale_date', '2021-02-30', /last sale date is not a date/],
    ['sale date text', 'last_sale_date', 'last spring', /last sale date is not a date/],
    ['sale price', 'last_sale_price', '$1,2,3.4.5', /last sale price is not a number/],
    ['latitude', 'latitude', '95', /latitude 95 is out of range/],
    ['longitude', 'longitude', '-190.5', /longitude -190.5 is out of range/],
    ['outcome', 'outcome', 'maybe later', /unknown outcome/],
  ] as const)('drops a bad %s and keeps the row', (_name, field, value, reason) => {
    const outcome = normalizeRow(2, row({ ...GOOD, [field]: value }), columns);
    const normalized = accepted(outcome);
    expect(normalized.warnings).toEqual([expect.objectContaining({ field, column: FIELDS.indexOf(field) })]);
    expect(normalized.warnings[0]!.reason).toMatch(reason);
    // The rest of the row is intact (without its ZIP, the address is placed by city and state).
    expect(normalized.address?.key).toBe(field === 'situs_zip' ? 'IL:SPRINGFIELD|123|N|MAIN|ST||' : '62701|123|N|MAIN|ST||');
    expect(normalized.facts.apn).toBe('001-100-01');
    expect(normalized.owners.length).toBeGreaterThan(0);
  });

  it('keeps the good phone of a cell and drops the bad one', () => {
    const normalized = accepted(normalizeRow(2, row({ ...GOOD, phone: '(312) 555-0142; 000-000-0000' }), columns));
    expect(normalized.owners[0]?.phones.map((p) => p.e164)).toEqual(['+13125550142']);
    expect(normalized.warnings).toEqual([expect.objectContaining({ field: 'phone', value: '000-000-0000' })]);
  });

  it('drops junk in every column at once and still imports the property', () => {
    const junk = normalizeRow(
      2,
      row({
        apn: '001-100-09',
        situs_address: '9 Elm Rd',
        situs_city: 'Springfield',
        situs_state: 'IL',
        situs_zip: 'x',
        owner_name: '!!!',
        mailing_zip: 'nope',
        phone: '(000) 000-0000',
        phone2: '12',
        email: '@example.com',
        fips: 'abc',
        beds: 'many',
        baths: '-2',
        year_built: '19',
        assessed_value: '-5000',
        market_value: '1e400',
        last_sale_date: '13/45/2020',
        latitude: '91',
        outcome: 'perhaps',
      }),
      columns,
    );
    const normalized = accepted(junk);
    expect(new Set(droppedFields(junk))).toEqual(
      new Set([
        'situs_zip',
        'owner_name',
        'mailing_zip',
        'phone',
        'phone2',
        'email',
        'fips',
        'beds',
        'baths',
        'year_built',
        'assessed_value',
        'market_value',
        'last_sale_date',
        'latitude',
        'outcome',
      ]),
    );
    expect(normalized.address?.line1).toBe('9 ELM RD');
    expect(normalized.facts).toEqual({ apn: '001-100-09' });
    expect(normalized.owners).toEqual([]);
  });

  it('reads placeholders as empty, without a warning', () => {
    const normalized = accepted(
      normalizeRow(2, row({ ...GOOD, phone: 'N/A', email: 'none', owner2_name: '-', beds: '#N/A', last_sale_date: 'NULL' }), columns),
    );
    expect(normalized.warnings).toEqual([]);
    expect(normalized.facts.beds).toBeUndefined();
    expect(normalized.owners[0]?.phones).toEqual([]);
  });

  it('strips NUL bytes and lone surrogates from every cell, mapped or not, with a warning', () => {
    const outcome = normalizeRow(
      2,
      row({ ...GOOD, owner_name: 'SMITH\u0000 JOHN', phone: '(312) 555-\u00000142', situs_city: 'Spring\ud800field' }, [
        'note\udc00\u0000',
      ]),
      columns,
    );
    const normalized = accepted(outcome);
    expect(normalized.owners[0]?.parsed.display).toBe('John Smith');
    expect(normalized.owners[0]?.phones[0]?.e164).toBe('+13125550142');
    expect(normalized.address?.city).toBe('SPRINGFIELD');
    expect(normalized.warnings.map((w) => [w.field, w.value])).toEqual([
      ['situs_city', 'Springfield'],
      ['owner_name', 'SMITH JOHN'],
      ['phone', '(312) 555-0142'],
      [null, 'note'],
    ]);
    // eslint-disable-next-line no-control-regex -- no NUL may be left
    expect(outcome.cells.join('')).not.toMatch(/\u0000|\p{Cs}/u);
    // A surrogate pair is text, not a lone surrogate.
    expect(accepted(normalizeRow(2, row({ ...GOOD, situs_city: 'Springfield 😀' }), columns)).warnings).toEqual([]);
  });

  it('keeps phones and emails of a row without an owner name, with an unknown owner of that property', () => {
    const noName = accepted(normalizeRow(2, row({ ...GOOD, owner_name: '', mailing_address: '' }), columns));
    expect(noName.warnings).toEqual([]);
    expect(noName.owners).toEqual([
      expect.objectContaining({ parsed: { kind: 'unknown', display: 'Unknown owner' }, emails: ['john@example.com'] }),
    ]);
    const other = accepted(normalizeRow(3, row({ ...GOOD, situs_address: '125 N Main St', owner_name: '', mailing_address: '' }), columns));
    // Two properties' unknown owners are two owners.
    expect(other.owners[0]?.nameKey).not.toBe(noName.owners[0]?.nameKey);
    // A junk name is reported, and its contacts still kept.
    const junkName = accepted(normalizeRow(4, row({ ...GOOD, owner_name: '0000' }), columns));
    expect(junkName.warnings.map((w) => w.field)).toEqual(['owner_name']);
    expect(junkName.owners[0]?.phones).toHaveLength(1);
  });

  it('gives a row with dropped values the same hash every time', () => {
    const cells = row({ ...GOOD, phone: '(000) 000-0000', assessed_value: '-5000' });
    expect(accepted(normalizeRow(2, cells, columns)).hash).toBe(accepted(normalizeRow(9, [...cells], columns)).hash);
    expect(accepted(normalizeRow(2, cells, columns)).hash).toBe(
      accepted(normalizeRow(2, row({ ...GOOD, phone: '', assessed_value: '' }), columns)).hash,
    );
  });
});

describe('normalizeRow refusing a row', () => {
  const reasonsOf = (outcome: RowOutcome) => {
    if (outcome.ok) throw new Error('accepted');
    return outcome.reasons;
  };

  it('refuses a row with neither an address nor an APN', () => {
    expect(reasonsOf(normalizeRow(2, row({ ...GOOD, apn: '', situs_address: '' }), columns))).toEqual([
      'missing property address (and no APN)',
    ]);
    expect(reasonsOf(normalizeRow(2, row({ ...GOOD, apn: '', situs_address: '=HYPERLINK("x")' }), columns))[0]).toMatch(
      /property address cannot be read/,
    );
  });

  it('keeps an APN row whose address cannot be read, dropping the address', () => {
    const normalized = accepted(normalizeRow(2, row({ ...GOOD, situs_address: 'Main St' }), columns));
    expect(normalized.warnings).toEqual([
      expect.objectContaining({ field: 'situs_address', reason: expect.stringMatching(/cannot be read/) }),
    ]);
  });

  it('refuses a state outside the US and its territories', () => {
    for (const state of ['ZZ', 'Ontario', 'XX']) {
      expect(reasonsOf(normalizeRow(2, row({ ...GOOD, situs_state: state }), columns))[0]).toBe(
        `impossible location: state "${state}" is not a US state or territory`,
      );
    }
    for (const state of ['Illinois', 'il', 'PR', 'GU', 'DC', 'AE'])
      accepted(normalizeRow(2, row({ ...GOOD, situs_state: state }), columns));
  });

  it('refuses a bad ZIP only when nothing else places the address', () => {
    const alone = row({ situs_address: '123 N Main St', situs_zip: '6270A', phone: '(312) 555-0142' });
    expect(reasonsOf(normalizeRow(2, alone, columns))).toEqual([
      'impossible location: ZIP code "6270A" cannot be a ZIP code, and the row names no city or state',
    ]);
    accepted(normalizeRow(2, row({ situs_address: '123 N Main St', situs_state: 'IL', situs_zip: '6270A' }), columns));
    accepted(normalizeRow(2, row({ apn: '9-9', situs_address: '123 N Main St', situs_zip: '6270A' }), columns));
  });

  it('lists the dropped values of a refused row among its reasons', () => {
    const reasons = reasonsOf(normalizeRow(2, row({ ...GOOD, apn: '', situs_address: '', phone: '12' }), columns));
    expect(reasons).toEqual(['missing property address (and no APN)', expect.stringMatching(/malformed phone "12"/)]);
  });
});
