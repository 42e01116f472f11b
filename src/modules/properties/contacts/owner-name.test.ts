import { describe, expect, it } from 'vitest';
import { ownerNameKey, parseOwnerName, personNameKey, type ParsedOwner, type PersonName } from './owner-name.js';

/** What a parse comes to in one word: person, unknown, or the entity type. */
function kindOf(parsed: ParsedOwner): string {
  return parsed.kind === 'entity' ? parsed.entityType : parsed.kind;
}

const p = (first: string | null, middle: string | null, last: string, suffix: string | null = null): PersonName => ({
  first,
  middle,
  last,
  suffix,
});

describe('parseOwnerName: people', () => {
  it.each<[string, PersonName[]]>([
    // county style, no comma: last first middle
    ['SMITH JOHN A', [p('John', 'A', 'Smith')]],
    ['SMITH JOHN ALLEN', [p('John', 'Allen', 'Smith')]],
    ['SMITH JOHN', [p('John', null, 'Smith')]],
    ['GARCIA MARIA ELENA', [p('Maria', 'Elena', 'Garcia')]],
    ['SMITH\u00a0JOHN  A', [p('John', 'A', 'Smith')]],
    ['ST.JOHN MARY', [p('Mary', null, 'St John')]],
    // comma: last, first
    ['SMITH, JOHN A', [p('John', 'A', 'Smith')]],
    ['SMITH, JOHN A.', [p('John', 'A', 'Smith')]],
    ['Smith, John', [p('John', null, 'Smith')]],
    ['DE LA CRUZ, MARIA', [p('Maria', null, 'De La Cruz')]],
    // natural order, found by cues
    ['JOHN A SMITH', [p('John', 'A', 'Smith')]],
    ['JOHN SMITH', [p('John', null, 'Smith')]],
    ['MARY ANN SMITH', [p('Mary', 'Ann', 'Smith')]],
    ['J SMITH', [p('J', null, 'Smith')]],
    ['John Smith', [p('John', null, 'Smith')]],
    ['Ludwig van Beethoven', [p('Ludwig', null, 'van Beethoven')]],
    // shared surname
    ['SMITH JOHN & MARY', [p('John', null, 'Smith'), p('Mary', null, 'Smith')]],
    ['SMITH, JOHN & MARY', [p('John', null, 'Smith'), p('Mary', null, 'Smith')]],
    ['SMITH JOHN A & MARY B', [p('John', 'A', 'Smith'), p('Mary', 'B', 'Smith')]],
    ['SMITH JOHN & MARY ANN', [p('John', null, 'Smith'), p('Mary', 'Ann', 'Smith')]],
    ['SMITH JOHN AND/OR MARY', [p('John', null, 'Smith'), p('Mary', null, 'Smith')]],
    ['SMITH JOHN/MARY', [p('John', null, 'Smith'), p('Mary', null, 'Smith')]],
    ['JOHN AND MARY SMITH', [p('John', null, 'Smith'), p('Mary', null, 'Smith')]],
    ['JOHN & MARY SMITH', [p('John', null, 'Smith'), p('Mary', null, 'Smith')]],
    ['JOHN A & MARY B SMITH', [p('John', 'A', 'Smith'), p('Mary', 'B', 'Smith')]],
    ['MR & MRS JOHN SMITH', [p('John', null, 'Smith')]],
    // two full names
    ['SMITH JOHN & JONES MARY', [p('John', null, 'Smith'), p('Mary', null, 'Jones')]],
    ['SMITH JOHN W & SMITH MARY K', [p('John', 'W', 'Smith'), p('Mary', 'K', 'Smith')]],
    ['SMITH, JOHN & JONES, MARY', [p('John', null, 'Smith'), p('Mary', null, 'Jones')]],
    ['SMITH JOHN; JONES MARY', [p('John', null, 'Smith'), p('Mary', null, 'Jones')]],
    ['SMITH JOHN & MARY JONES', [p('John', null, 'Smith'), p('Mary', null, 'Jones')]],
    ['John Smith & Mary Jones', [p('John', null, 'Smith'), p('Mary', null, 'Jones')]],
    // suffixes
    ['SMITH JOHN JR', [p('John', null, 'Smith', 'Jr')]],
    ['SMITH JR, JOHN', [p('John', null, 'Smith', 'Jr')]],
    ['SMITH JOHN A SR', [p('John', 'A', 'Smith', 'Sr')]],
    ['SMITH JOHN III', [p('John', null, 'Smith', 'III')]],
    ['SMITH JOHN 2ND', [p('John', null, 'Smith', 'II')]],
    ['SMITH JOHN IV', [p('John', null, 'Smith', 'IV')]],
    ['SMITH JOHN MD', [p('John', null, 'Smith', 'MD')]],
    ['SMITH JOHN ESQ', [p('John', null, 'Smith', 'Esq')]],
    ['John Smith, Jr.', [p('John', null, 'Smith', 'Jr')]],
    ['SMITH JOHN A JR & MARY B', [p('John', 'A', 'Smith', 'Jr'), p('Mary', 'B', 'Smith')]],
    // markers that are dropped
    ['SMITH JOHN ETAL', [p('John', null, 'Smith')]],
    ['SMITH JOHN ET AL', [p('John', null, 'Smith')]],
    ['JOHN SMITH ET AL.', [p('John', null, 'Smith')]],
    ['SMITH JOHN ET UX', [p('John', null, 'Smith')]],
    ['SMITH MARY ET VIR', [p('Mary', null, 'Smith')]],
    ['SMITH JOHN & MARY H/W', [p('John', null, 'Smith'), p('Mary', null, 'Smith')]],
    ['SMITH JOHN & MARY (H&W)', [p('John', null, 'Smith'), p('Mary', null, 'Smith')]],
    ['SMITH JOHN & MARY JT TEN', [p('John', null, 'Smith'), p('Mary', null, 'Smith')]],
    ['SMITH JOHN JTWROS', [p('John', null, 'Smith')]],
    ['SMITH MARY A LIFE ESTATE', [p('Mary', 'A', 'Smith')]],
    ['SMITH MARY LE', [p('Mary', null, 'Smith')]],
    // care-of and aliases name someone else
    ['SMITH JOHN C/O JANE DOE', [p('John', null, 'Smith')]],
    ['SMITH JOHN % ACME PROPERTY MGMT', [p('John', null, 'Smith')]],
    ['SMITH JOHN ATTN MARY', [p('John', null, 'Smith')]],
    ['C/O JANE DOE', [p('Jane', null, 'Doe')]],
    ['SMITH JOHN DBA SMITH ROOFING', [p('John', null, 'Smith')]],
    // casing and surname particles
    ['MCDONALD RONALD', [p('Ronald', null, 'McDonald')]],
    ["O'BRIEN PATRICK", [p('Patrick', null, "O'Brien")]],
    ['O’BRIEN PATRICK', [p('Patrick', null, "O'Brien")]],
    ['SMITH-JONES MARY', [p('Mary', null, 'Smith-Jones')]],
    ['DE LA CRUZ MARIA', [p('Maria', null, 'De La Cruz')]],
    ['MARIA DE LA CRUZ', [p('Maria', null, 'De La Cruz')]],
    ['VAN BUREN MARTIN', [p('Martin', null, 'Van Buren')]],
    ['ST JOHN MARY', [p('Mary', null, 'St John')]],
    ['LE THANH', [p('Thanh', null, 'Le')]],
    ['NGUYEN VAN THANH', [p('Thanh', 'Van', 'Nguyen')]],
    ['John McDonald', [p('John', null, 'McDonald')]],
    ['DeShawn Jones', [p('DeShawn', null, 'Jones')]],
    ['JOSÉ GARCÍA', [p('José', null, 'García')]],
    ['MADONNA', [p(null, null, 'Madonna')]],
    ['CHURCH JOHN A', [p('John', 'A', 'Church')]],
    ['KIM NA', [p('Na', null, 'Kim')]],
  ])('%s', (raw, people) => {
    const parsed = parseOwnerName(raw);
    expect(parsed.kind).toBe('person');
    expect(parsed.kind === 'person' && parsed.people).toEqual(people);
  });

  it('displays people as "First Middle Last Suffix" joined with &', () => {
    expect(parseOwnerName('SMITH JOHN A JR & MARY').display).toBe('John A Smith Jr & Mary Smith');
  });

  it('follows the order the caller knows the source uses', () => {
    expect(parseOwnerName('JOHN THOMAS', { order: 'first-last' }).display).toBe('John Thomas');
    expect(parseOwnerName('JOHN THOMAS', { order: 'last-first' }).display).toBe('Thomas John');
    expect(parseOwnerName('Smith John', { order: 'last-first' }).display).toBe('John Smith');
    // a comma says more than the option does
    expect(parseOwnerName('SMITH, JOHN', { order: 'first-last' }).display).toBe('John Smith');
  });

  it('reads ties the county way in capitals and as written in mixed case', () => {
    expect(parseOwnerName('JOHN THOMAS').display).toBe('Thomas John');
    expect(parseOwnerName('John Thomas').display).toBe('John Thomas');
  });
});

describe('parseOwnerName: entities', () => {
  it.each<[string, string, string]>([
    // companies
    ['ACME HOLDINGS LLC', 'llc', 'Acme Holdings LLC'],
    ['ACME HOLDINGS, L.L.C.', 'llc', 'Acme Holdings LLC'],
    ['Acme Holdings, L.L.C.', 'llc', 'Acme Holdings LLC'],
    ['ABC Holdings LLC', 'llc', 'ABC Holdings LLC'],
    ['ACME PLLC', 'llc', 'Acme PLLC'],
    ['ACME LIMITED LIABILITY COMPANY', 'llc', 'Acme Limited Liability Company'],
    ['ACME HOMES INC', 'corporation', 'Acme Homes Inc'],
    ['ACME INC.', 'corporation', 'Acme Inc'],
    ['ACME CORP', 'corporation', 'Acme Corp'],
    ['ACME CO', 'corporation', 'Acme Co'],
    ['ACME COMPANY', 'corporation', 'Acme Company'],
    ['ACME LTD', 'corporation', 'Acme Ltd'],
    ['ACME PROPERTY MANAGEMENT INC', 'corporation', 'Acme Property Management Inc'],
    ['ACME LP', 'partnership', 'Acme LP'],
    ['ACME LLP', 'partnership', 'Acme LLP'],
    ['ACME PARTNERS', 'partnership', 'Acme Partners'],
    ['ACME HOLDINGS', 'other', 'Acme Holdings'],
    ['ACME PROPERTIES', 'other', 'Acme Properties'],
    ['ACME INVESTMENTS', 'other', 'Acme Investments'],
    ['ACME REALTY', 'other', 'Acme Realty'],
    ['ACME GROUP', 'other', 'Acme Group'],
    ['SUNSET ESTATES HOA', 'other', 'Sunset Estates HOA'],
    ['ABC REAL ESTATE', 'other', 'Abc Real Estate'],
    ["JOHN'S PIZZA LLC", 'llc', "John's Pizza LLC"],
    ['123 MAIN ST LLC', 'llc', '123 Main St LLC'],
    ['1ST CHOICE HOMES', 'other', '1st Choice Homes'],
    ['MCDONALD & SONS INC', 'corporation', 'McDonald & Sons Inc'],
    ['ACME HOLDINGS LLC C/O REGISTERED AGENT', 'llc', 'Acme Holdings LLC'],
    // trusts
    ['SMITH FAMILY TRUST', 'trust', 'Smith Family Trust'],
    ['JOHN SMITH REVOCABLE TRUST', 'trust', 'John Smith Revocable Trust'],
    ['THE SMITH LIVING TRUST', 'trust', 'The Smith Living Trust'],
    ['SMITH FAMILY TRUST THE', 'trust', 'The Smith Family Trust'],
    ['SMITH JOHN REV TR', 'trust', 'Smith John Revocable Trust'],
    ['SMITH JOHN & MARY REV LIV TR DTD 1/2/2003', 'trust', 'Smith John & Mary Revocable Living Trust'],
    ['SMITH FAMILY TRUST U/A 05/01/1999', 'trust', 'Smith Family Trust'],
    ['SMITH FAMILY TRUST, JOHN SMITH TTEE', 'trust', 'Smith Family Trust'],
    ['JOHN SMITH TTEE, SMITH FAMILY TRUST', 'trust', 'Smith Family Trust'],
    ['JOHN SMITH TRUSTEE OF THE SMITH FAMILY TRUST', 'trust', 'The Smith Family Trust'],
    ['Smith Family Rev Tr', 'trust', 'Smith Family Revocable Trust'],
    // a person as trustee
    ['SMITH JOHN TRUSTEE', 'trust', 'John Smith, Trustee'],
    ['SMITH JOHN TR', 'trust', 'John Smith, Trustee'],
    ['SMITH JOHN A TTEE', 'trust', 'John A Smith, Trustee'],
    ['SMITH JOHN (TR)', 'trust', 'John Smith, Trustee'],
    ['SMITH JOHN CO TR', 'trust', 'John Smith, Trustee'],
    ['SMITH JOHN & MARY TRS', 'trust', 'John Smith & Mary Smith, Trustees'],
    ['John Smith, Trustee', 'trust', 'John Smith, Trustee'],
    // estates
    ['ESTATE OF JOHN SMITH', 'estate', 'Estate of John Smith'],
    ['EST OF JOHN A SMITH', 'estate', 'Estate of John A Smith'],
    ['SMITH JOHN EST', 'estate', 'Estate of John Smith'],
    ['SMITH JOHN ESTATE', 'estate', 'Estate of John Smith'],
    ['SMITH JOHN EST ETAL', 'estate', 'Estate of John Smith'],
    ['JOHN SMITH (DECEASED)', 'estate', 'Estate of John Smith'],
    ['SMITH JOHN DECD', 'estate', 'Estate of John Smith'],
    ['UNKNOWN HEIRS OF JOHN SMITH', 'estate', 'Estate of John Smith'],
    // government
    ['CITY OF SPRINGFIELD', 'government', 'City of Springfield'],
    ['COUNTY OF COOK', 'government', 'County of Cook'],
    ['STATE OF OHIO', 'government', 'State of Ohio'],
    ['TOWN OF HEMPSTEAD', 'government', 'Town of Hempstead'],
    ['HOUSING AUTHORITY OF THE CITY OF AKRON', 'government', 'Housing Authority of the City of Akron'],
    ['SAN ANTONIO HOUSING AUTHORITY', 'government', 'San Antonio Housing Authority'],
    ['HUD', 'government', 'HUD'],
    ['SECRETARY OF HOUSING AND URBAN DEVELOPMENT', 'government', 'Secretary of Housing and Urban Development'],
    ['SECRETARY OF VETERANS AFFAIRS', 'government', 'Secretary of Veterans Affairs'],
    ['UNITED STATES OF AMERICA', 'government', 'United States of America'],
    ['CUYAHOGA COUNTY LAND BANK', 'government', 'Cuyahoga County Land Bank'],
    // banks and lenders
    ['US BANK NA', 'bank', 'US Bank NA'],
    ['U.S. BANK NATIONAL ASSOCIATION', 'bank', 'US Bank National Association'],
    ['WELLS FARGO BANK', 'bank', 'Wells Fargo Bank'],
    ['WELLS FARGO BANK, N.A.', 'bank', 'Wells Fargo Bank NA'],
    ['BANK OF AMERICA NA', 'bank', 'Bank of America NA'],
    ['CITIBANK NA', 'bank', 'Citibank NA'],
    ['WILMINGTON TRUST NA', 'bank', 'Wilmington Trust NA'],
    ['DEUTSCHE BANK NATIONAL TRUST COMPANY', 'bank', 'Deutsche Bank National Trust Company'],
    ['FEDERAL NATIONAL MORTGAGE ASSOCIATION', 'bank', 'Federal National Mortgage Association'],
    ['FANNIE MAE', 'bank', 'Fannie Mae'],
    ['FREDDIE MAC', 'bank', 'Freddie Mac'],
    ['FHLMC', 'bank', 'FHLMC'],
    ['NAVY FEDERAL CREDIT UNION', 'bank', 'Navy Federal Credit Union'],
    ['ACME MORTGAGE LLC', 'bank', 'Acme Mortgage LLC'],
    // churches
    ['FIRST BAPTIST CHURCH', 'church', 'First Baptist Church'],
    ['FIRST BAPTIST CHURCH INC', 'church', 'First Baptist Church Inc'],
    ['FIRST CHURCH OF GOD', 'church', 'First Church of God'],
    ['NEW HOPE MINISTRIES', 'church', 'New Hope Ministries'],
    ['ROMAN CATHOLIC ARCHDIOCESE OF CHICAGO', 'church', 'Roman Catholic Archdiocese of Chicago'],
  ])('%s', (raw, type, name) => {
    const parsed = parseOwnerName(raw);
    expect(kindOf(parsed)).toBe(type);
    expect(parsed.kind === 'entity' && parsed.name).toBe(name);
    expect(parsed.display).toBe(name);
  });
});

describe('parseOwnerName: unknown', () => {
  it.each([
    ['', ''],
    ['   ', ''],
    ['UNKNOWN', 'UNKNOWN'],
    ['Current Owner', 'Current Owner'],
    ['N/A', 'N/A'],
    ['ETAL', 'ETAL'],
    ['12345', '12345'],
    ['  &  ', '&'],
  ])('%j', (raw, display) => {
    expect(parseOwnerName(raw)).toEqual({ kind: 'unknown', display });
  });
});

describe('ownerNameKey', () => {
  it.each([
    ['SMITH JOHN A', 'John Smith'],
    ['SMITH, JOHN A.', 'JOHN A SMITH'],
    ['SMITH JOHN JR', 'John Smith'],
    ['SMITH JOHN ETAL', 'SMITH JOHN'],
    ['SMITH JOHN & MARY', 'Mary Smith & John Smith'],
    ['DE LA CRUZ MARIA', 'Maria DeLaCruz'],
    ["O'BRIEN PATRICK", 'Patrick OBrien'],
    ['JOSÉ GARCÍA', 'Jose Garcia'],
    ['ACME HOLDINGS LLC', 'Acme Holdings, L.L.C.'],
    ['ACME CO', 'Acme Company'],
    ['ACME INC', 'Acme Incorporated'],
    ['ACME LLC', 'ACME LIMITED LIABILITY COMPANY'],
    ['US BANK NA', 'U.S. Bank National Association'],
    ['THE SMITH LIVING TRUST', 'Smith Living Trust'],
    ['SMITH & SONS INC', 'Smith and Sons, Inc.'],
    ['SMITH JOHN TR', 'SMITH JOHN TTEE'],
    ['SMITH JOHN EST', 'Estate of John Smith'],
    ['JOHN SMITH (DECEASED)', 'ESTATE OF JOHN SMITH'],
  ])('%s = %s', (a, b) => {
    expect(ownerNameKey(parseOwnerName(a))).toBe(ownerNameKey(parseOwnerName(b)));
  });

  it.each([
    ['SMITH JOHN', 'SMITH JANE'],
    ['SMITH JOHN', 'SMITH JOHN & MARY'],
    ['ACME HOLDINGS LLC', 'ACME HOLDINGS INC'],
    ['SMITH JOHN', 'SMITH JOHN TR'],
    ['SMITH JOHN', 'SMITH JOHN EST'],
  ])('%s ≠ %s', (a, b) => {
    expect(ownerNameKey(parseOwnerName(a))).not.toBe(ownerNameKey(parseOwnerName(b)));
  });

  it('spells keys predictably', () => {
    expect(ownerNameKey(parseOwnerName('SMITH JOHN A'))).toBe('SMITH|JOHN');
    expect(ownerNameKey(parseOwnerName('SMITH JOHN & MARY'))).toBe('SMITH|JOHN&SMITH|MARY');
    expect(ownerNameKey(parseOwnerName('Acme Holdings, L.L.C.'))).toBe('ACME HOLDINGS LLC');
    expect(ownerNameKey(parseOwnerName('MADONNA'))).toBe('MADONNA|');
    expect(ownerNameKey(parseOwnerName('UNKNOWN'))).toBe('');
    expect(personNameKey(p('Mary-Ann', null, "O'Neil"))).toBe('ONEIL|MARYANN');
  });
});

describe('parseOwnerName robustness', () => {
  it('never throws and never returns a person without a surname', () => {
    const alphabet = "ABC abc,.&/%()'-;+#19ETALTRUSTLLCÉ’\t:";
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2_000; i++) {
      let s = '';
      const length = Math.floor(random() * 30);
      for (let j = 0; j < length; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      for (const parsed of [parseOwnerName(s), parseOwnerName(s, { order: 'first-last' })]) {
        if (parsed.kind === 'person') {
          expect(parsed.people.length).toBeGreaterThan(0);
          for (const person of parsed.people) expect(person.last).not.toBe('');
        }
        if (parsed.kind === 'entity') expect(parsed.name.trim()).not.toBe('');
        expect(typeof ownerNameKey(parsed)).toBe('string');
      }
    }
  });
});
