import { describe, expect, it } from 'vitest';
import { normalizeAddress, zipFromColumn, type NormalizedAddress } from './normalize-address.js';

type Parts = Partial<Omit<NormalizedAddress, 'input'>>;

/** Checks the named parts; every part not named must be null. */
function expectParts(line: string, parts: Parts, hints?: Parameters<typeof normalizeAddress>[1]): void {
  const all: Parts = {
    number: null,
    predirectional: null,
    street: null,
    suffix: null,
    postdirectional: null,
    unitType: null,
    unitNumber: null,
    poBox: null,
    city: null,
    state: null,
    zip: null,
    zip4: null,
    ...parts,
  };
  const { input, line1, key, ...rest } = normalizeAddress(line, hints);
  expect(input).toBe(line);
  const checked = Object.fromEntries(Object.entries(rest).filter(([k]) => k in all));
  const wanted = Object.fromEntries(Object.entries(all).filter(([k]) => k !== 'line1' && k !== 'key'));
  expect(checked).toEqual(wanted);
  if (parts.line1 !== undefined) expect(line1).toBe(parts.line1);
  if (parts.key !== undefined) expect(key).toBe(parts.key);
}

describe('normalizeAddress: the delivery line', () => {
  it('standardizes case, punctuation, directionals, suffix and unit', () => {
    expectParts('123 N. Main Street Apt. 4, Springfield, IL 62701', {
      number: '123',
      predirectional: 'N',
      street: 'MAIN',
      suffix: 'ST',
      unitType: 'APT',
      unitNumber: '4',
      city: 'SPRINGFIELD',
      state: 'IL',
      zip: '62701',
      line1: '123 N MAIN ST APT 4',
    });
  });

  it('reads the same house written differently to the same key', () => {
    const a = normalizeAddress('123 N Main Street Apt 4, Springfield IL 62701');
    const b = normalizeAddress('123 NORTH MAIN ST #4 SPRINGFIELD IL 62701');
    const c = normalizeAddress('123 north main str., unit 4, springfield, illinois 62701-1234');
    expect(a.key).toBe('62701|123|N|MAIN|ST||4');
    expect(b.key).toBe(a.key);
    expect(c.key).toBe(a.key);
  });

  it('keeps different numbers, directionals, streets and units apart', () => {
    const base = normalizeAddress('123 N Main St Apt 4, Springfield IL 62701').key;
    for (const other of [
      '125 N Main St Apt 4, Springfield IL 62701',
      '123 S Main St Apt 4, Springfield IL 62701',
      '123 N Main Ave Apt 4, Springfield IL 62701',
      '123 N Main St Apt 5, Springfield IL 62701',
      '123 N Main St, Springfield IL 62701',
      '123 N Main St Apt 4, Springfield IL 62702',
    ]) {
      expect(normalizeAddress(other).key, other).not.toBe(base);
    }
  });

  it('splits the # unit in every spelling', () => {
    for (const line of ['500 Elm St #4', '500 Elm St # 4', '500 Elm St APT#4', '500 Elm St Apt # 4', '500 Elm St Unit 4', '500 Elm St 4']) {
      const a = normalizeAddress(line);
      expect(a.unitNumber, line).toBe('4');
      expect(a.street, line).toBe('ELM');
      expect(a.key, line).toBe('|500||ELM|ST||4');
    }
    expect(normalizeAddress('500 Elm St #4').unitType).toBe('#');
    expect(normalizeAddress('500 Elm St APT#4').unitType).toBe('APT');
    expect(normalizeAddress('500 Elm St 4').unitType).toBe('#');
    expect(normalizeAddress('500 Elm St #4').line1).toBe('500 ELM ST # 4');
  });

  it('standardizes C2 unit designators', () => {
    expect(normalizeAddress('1 Main St Suite 200').unitType).toBe('STE');
    expect(normalizeAddress('1 Main St Ste. 200').unitType).toBe('STE');
    expect(normalizeAddress('1 Main St Suite200').unitNumber).toBe('200');
    expect(normalizeAddress('1 Main St Building 3').unitType).toBe('BLDG');
    expect(normalizeAddress('1 Main St Room 12').unitType).toBe('RM');
    expect(normalizeAddress('1 Main St Space 7').unitType).toBe('SPC');
    expect(normalizeAddress('1 Main St Trailer 7').unitType).toBe('TRLR');
    expect(normalizeAddress('1 Main St Penthouse').unitType).toBe('PH');
    expectParts('1 Main St Rear', { number: '1', street: 'MAIN', suffix: 'ST', unitType: 'REAR', line1: '1 MAIN ST REAR' });
    expectParts('219 South Dearborn Second Floor', {
      number: '219',
      predirectional: 'S',
      street: 'DEARBORN',
      unitType: 'FL',
      unitNumber: '2',
    });
    expectParts('175 5th St N Floor 3', {
      number: '175',
      street: '5TH',
      suffix: 'ST',
      postdirectional: 'N',
      unitType: 'FL',
      unitNumber: '3',
    });
    expectParts('10 Main St Bldg 100 Ste 120', {
      number: '10',
      street: 'MAIN',
      suffix: 'ST',
      unitType: 'STE',
      unitNumber: '120',
      line1: '10 MAIN ST BLDG 100 STE 120',
    });
  });

  it('spells out directionals and suffixes in any form', () => {
    for (const line of ['9 Northeast Oak Boulevard', '9 NE Oak Blvd', '9 N.E. Oak Blvd.', '9 north-east oak boul']) {
      const a = normalizeAddress(line);
      expect([a.predirectional, a.street, a.suffix], line).toEqual(['NE', 'OAK', 'BLVD']);
    }
    for (const [word, suffix] of [
      ['Street', 'ST'],
      ['Str', 'ST'],
      ['Strt', 'ST'],
      ['Avenue', 'AVE'],
      ['Av', 'AVE'],
      ['Aven', 'AVE'],
      ['Parkway', 'PKWY'],
      ['Circle', 'CIR'],
      ['Terrace', 'TER'],
      ['Lane', 'LN'],
      ['Expressway', 'EXPY'],
      ['Crossing', 'XING'],
    ] as const) {
      expect(normalizeAddress(`10 Maple ${word}`).suffix, word).toBe(suffix);
    }
  });

  it('reads postdirectionals, also across a comma', () => {
    expectParts('1025 Vermont Avenue Northwest, Washington, DC 20005', {
      number: '1025',
      street: 'VERMONT',
      suffix: 'AVE',
      postdirectional: 'NW',
      city: 'WASHINGTON',
      state: 'DC',
      zip: '20005',
    });
    expect(normalizeAddress('1180 Peachtree Street, NE').postdirectional).toBe('NE');
    expect(normalizeAddress('1180 Peachtree Street, NE').state).toBeNull();
    expect(normalizeAddress('972 Donnelly Ave SW # 2').postdirectional).toBe('SW');
  });

  it('turns ordinal street names into numbers', () => {
    for (const line of ['1 Fifth Avenue', '1 5th Ave', '1 5TH AVE.', '1 fifth ave']) {
      expect(normalizeAddress(line).street, line).toBe('5TH');
    }
    expect(normalizeAddress('20 Twenty-First St').street).toBe('21ST');
    expect(normalizeAddress('20 Twenty First St').street).toBe('21ST');
    expect(normalizeAddress('20 2d St').street).toBe('2ND');
    expect(normalizeAddress('20 3d St').street).toBe('3RD');
    expect(normalizeAddress('20 13Th St').street).toBe('13TH');
    expect(normalizeAddress('20 Second Ave').street).toBe('2ND');
  });

  it('keeps a directional that is the only word of the name as the name (Pub 28)', () => {
    expectParts('100 North St', { number: '100', street: 'NORTH', suffix: 'ST', line1: '100 NORTH ST' });
    expectParts('100 N St', { number: '100', street: 'NORTH', suffix: 'ST' });
    expectParts('470 South Street, Ortonville, MI 48462', {
      number: '470',
      street: 'SOUTH',
      suffix: 'ST',
      city: 'ORTONVILLE',
      state: 'MI',
      zip: '48462',
    });
    expectParts('641 S St NW, Washington, DC', {
      number: '641',
      street: 'SOUTH',
      suffix: 'ST',
      postdirectional: 'NW',
      city: 'WASHINGTON',
      state: 'DC',
    });
    expectParts('7 N Wells St', { number: '7', predirectional: 'N', street: 'WELLS', suffix: 'ST' });
  });

  it('reads house numbers: hyphenated, fractions, letters, grid, spelled', () => {
    expectParts('123-45 67th Ave, Queens, NY 11375', {
      number: '123-45',
      street: '67TH',
      suffix: 'AVE',
      city: 'QUEENS',
      state: 'NY',
      zip: '11375',
    });
    expectParts('123 1/2 Main St', { number: '123 1/2', street: 'MAIN', suffix: 'ST' });
    expectParts('12A Main St', { number: '12A', street: 'MAIN', suffix: 'ST' });
    expectParts('214 B South Boulevard', { number: '214B', street: 'SOUTH', suffix: 'BLVD' });
    expectParts('100 A St', { number: '100', street: 'A', suffix: 'ST' });
    expectParts('W156N9762 Pilgrim Rd', { number: 'W156N9762', street: 'PILGRIM', suffix: 'RD' });
    expectParts('One S Dearborn St', { number: '1', predirectional: 'S', street: 'DEARBORN', suffix: 'ST' });
  });

  it('reads PO boxes in every spelling', () => {
    for (const line of ['P.O. Box 12', 'PO Box 12', 'POB 12', 'Post Office Box 12', 'BOX 12', 'P O Box 12', 'PO BOX #12', 'pobox 12']) {
      expectParts(line, { poBox: '12', line1: 'PO BOX 12', key: '|POBOX|12' });
    }
    expectParts('PO Box 123, Boston, MA 02134', { poBox: '123', city: 'BOSTON', state: 'MA', zip: '02134', key: '02134|POBOX|123' });
    expect(normalizeAddress('3523 Williams St, POB 477 Patterson, GA 31557').poBox).toBe('477');
  });

  it('reads rural routes and highway contract routes', () => {
    for (const line of ['RR 2 Box 15', 'Rural Route 2 Box 15', 'RTE 2 BOX 15', 'R.R. 2, Box 15', 'RR2 BOX 15']) {
      expectParts(line, { street: 'RR 2', poBox: '15', line1: 'RR 2 BOX 15', key: '|RR2|15' });
    }
    expectParts('HC 1 Box 5, Kenai, AK 99611', {
      street: 'HC 1',
      poBox: '5',
      city: 'KENAI',
      state: 'AK',
      zip: '99611',
      line1: 'HC 1 BOX 5',
    });
    expectParts('Star Route 24 Box 45', { street: 'HC 24', poBox: '45' });
  });

  it('spells out highways and county roads', () => {
    expectParts('12345 US Highway 278', { number: '12345', street: 'US HIGHWAY 278' });
    expect(normalizeAddress('12345 U.S. Hwy 278').street).toBe('US HIGHWAY 278');
    expect(normalizeAddress('12345 US 278').street).toBe('US HIGHWAY 278');
    expect(normalizeAddress('12345 US-278').street).toBe('US HIGHWAY 278');
    expectParts('100 State Route 9', { number: '100', street: 'STATE ROUTE 9' });
    expect(normalizeAddress('100 SR 9').street).toBe('STATE ROUTE 9');
    expect(normalizeAddress('100 SR-9').street).toBe('STATE ROUTE 9');
    expectParts('45 County Road 12', { number: '45', street: 'COUNTY ROAD 12' });
    expect(normalizeAddress('45 CR 12').street).toBe('COUNTY ROAD 12');
    expect(normalizeAddress('45 Co Rd 12').street).toBe('COUNTY ROAD 12');
    expectParts('Hwy 61', { street: 'HIGHWAY 61' });
    expectParts('500 Highway 61 N, Tunica, MS 38676', {
      number: '500',
      street: 'HIGHWAY 61',
      postdirectional: 'N',
      city: 'TUNICA',
      state: 'MS',
      zip: '38676',
    });
    expect(normalizeAddress('9 I-95').street).toBe('INTERSTATE 95');
    expect(normalizeAddress('9 FM 1960').street).toBe('FM 1960');
    expect(normalizeAddress('133 County Road KK, Amherst, WI 54406').street).toBe('COUNTY ROAD KK');
    expectParts('9912 S. Avenue H', { number: '9912', predirectional: 'S', street: 'AVENUE H' });
    expect(normalizeAddress('8483 Al Highway 157, Moulton, AL 35650').street).toBe('AL HIGHWAY 157');
    expect(normalizeAddress('830 NW Loop 410').street).toBe('LOOP 410');
  });

  it('reads an address with no number', () => {
    expectParts('Mile K Beach Road # 1, Kenai, AK 99611', {
      street: 'MILE K BEACH',
      suffix: 'RD',
      unitType: '#',
      unitNumber: '1',
      city: 'KENAI',
      state: 'AK',
      zip: '99611',
      line1: 'MILE K BEACH RD # 1',
      key: null,
    });
  });

  it('reads units written before the street', () => {
    expectParts('Apt 4, 10 Main St', { number: '10', street: 'MAIN', suffix: 'ST', unitType: 'APT', unitNumber: '4' });
    expectParts('# 2 Turner Rd', { number: '2', street: 'TURNER', suffix: 'RD' });
  });
});

describe('normalizeAddress: city, state and ZIP', () => {
  it('finds the city without commas from the state and ZIP', () => {
    expectParts('123 Main St Salt Lake City UT 84101', {
      number: '123',
      street: 'MAIN',
      suffix: 'ST',
      city: 'SALT LAKE CITY',
      state: 'UT',
      zip: '84101',
    });
    expectParts('3970 Flint Hill Road Powder Springs Georgia 30127', {
      number: '3970',
      street: 'FLINT HILL',
      suffix: 'RD',
      city: 'POWDER SPRINGS',
      state: 'GA',
      zip: '30127',
    });
    expectParts('27 Washington Oak Park IL 60302', { number: '27', street: 'WASHINGTON', city: 'OAK PARK', state: 'IL', zip: '60302' });
    expectParts('610 East Main Marion Kansas', { number: '610', predirectional: 'E', street: 'MAIN', city: 'MARION', state: 'KS' });
  });

  it('does not take the ST of a Saint city for a suffix', () => {
    expectParts('4108 Marsielle St Louis MO 63129', { number: '4108', street: 'MARSIELLE', city: 'ST LOUIS', state: 'MO', zip: '63129' });
    expectParts('500 Main St, St. Louis, MO 63101', {
      number: '500',
      street: 'MAIN',
      suffix: 'ST',
      city: 'ST LOUIS',
      state: 'MO',
      zip: '63101',
    });
    expectParts('2910 Meadow Glen St Marion IA 52302', {
      number: '2910',
      street: 'MEADOW GLEN',
      suffix: 'ST',
      city: 'MARION',
      state: 'IA',
      zip: '52302',
    });
    expectParts('5500 N. St. Louis', { number: '5500', predirectional: 'N', street: 'ST LOUIS' });
  });

  it('reads ZIP+4 in its spellings', () => {
    for (const line of ['1 Main St, Austin, TX 78701-1234', '1 Main St, Austin, TX 787011234', '1 Main St, Austin, TX 78701 1234']) {
      const a = normalizeAddress(line);
      expect([a.city, a.state, a.zip, a.zip4], line).toEqual(['AUSTIN', 'TX', '78701', '1234']);
    }
  });

  it('keeps leading zeros and restores a lost one only after a state that has them', () => {
    expect(normalizeAddress('168 Hillside Ave, Hartford, CT 06106').zip).toBe('06106');
    expect(normalizeAddress('25 First Street, Cambridge, MA 2141').zip).toBe('02141');
    expect(normalizeAddress('1 Main St, Austin, TX 7870').zip).toBeNull();
  });

  it('leaves absent parts null', () => {
    expectParts('123 Main St', { number: '123', street: 'MAIN', suffix: 'ST' });
    expectParts('123 Main St, Springfield', { number: '123', street: 'MAIN', suffix: 'ST', city: 'SPRINGFIELD' });
    expectParts('123 Main St 62701', { number: '123', street: 'MAIN', suffix: 'ST', zip: '62701' });
    expectParts('Bethel, AK 99559', { city: 'BETHEL', state: 'AK', zip: '99559', key: null, line1: null });
  });

  it('does not take a street word for a state', () => {
    expectParts('123 Main Ct', { number: '123', street: 'MAIN', suffix: 'CT' });
    expectParts('22 W Washington', { number: '22', predirectional: 'W', street: 'WASHINGTON' });
    expectParts('5993 W. Pine Ct', { number: '5993', predirectional: 'W', street: 'PINE', suffix: 'CT' });
    expectParts('1500 Broadway 21st Fl', { number: '1500', street: 'BROADWAY', unitType: 'FL', unitNumber: '21' });
  });

  it('drops a trailing country', () => {
    const a = normalizeAddress('600 E Boulevard Ave, Bismarck, North Dakota 58505 United States');
    expect([a.predirectional, a.street, a.suffix, a.city, a.state, a.zip]).toEqual(['E', 'BOULEVARD', 'AVE', 'BISMARCK', 'ND', '58505']);
    expect(normalizeAddress('1 Main St, Austin, TX 78701, USA').zip).toBe('78701');
  });
});

describe('normalizeAddress: hints from separate columns', () => {
  it('fills what the line lacks', () => {
    expectParts(
      '123 Main St',
      { number: '123', street: 'MAIN', suffix: 'ST', city: 'SPRINGFIELD', state: 'IL', zip: '62701', key: '62701|123||MAIN|ST||' },
      { city: 'Springfield', state: 'Illinois', zip: '62701' },
    );
  });

  it('wins over the line when given', () => {
    const a = normalizeAddress('123 Main St, Springfeld, IL 62701', { city: 'Springfield', zip: '62702' });
    expect([a.city, a.state, a.zip]).toEqual(['SPRINGFIELD', 'IL', '62702']);
  });

  it('uses the hinted city to cut it off a comma-less line', () => {
    const a = normalizeAddress('123 Main Palm Springs', { city: 'Palm Springs', state: 'CA' });
    expect([a.street, a.suffix, a.city, a.state]).toEqual(['MAIN', null, 'PALM SPRINGS', 'CA']);
  });

  it('reads a street ending in Ct as a court when a city column names the city', () => {
    const hints = { city: 'Trenton', state: 'NJ', zip: '08603' };
    expectParts(
      '1906 N Oak Ct',
      { number: '1906', predirectional: 'N', street: 'OAK', suffix: 'CT', city: 'TRENTON', state: 'NJ', zip: '08603' },
      hints,
    );
    expect(normalizeAddress('1906 North Oak Ct', hints).key).toBe(normalizeAddress('1906 N. Oak Court', hints).key);
  });

  it('ignores empty or unreadable hints', () => {
    const a = normalizeAddress('123 Main St, Austin, TX 78701', { city: '', state: 'Texass', zip: 'n/a' });
    expect([a.city, a.state, a.zip]).toEqual(['AUSTIN', 'TX', '78701']);
  });

  it('pads a ZIP column that lost its leading zero', () => {
    expect(zipFromColumn('2134')).toEqual(['02134', null]);
    expect(zipFromColumn('21341234')).toEqual(['02134', '1234']);
    expect(zipFromColumn('2134-1234')).toEqual(['02134', '1234']);
    expect(zipFromColumn('62701-1234')).toEqual(['62701', '1234']);
    expect(zipFromColumn('627011234')).toEqual(['62701', '1234']);
    expect(zipFromColumn('K1A 0B1')).toBeNull();
  });
});

describe('normalizeAddress: edge input', () => {
  it('gives all nulls for empty or blank input', () => {
    for (const line of ['', '   ', ',,,', '#']) {
      const a = normalizeAddress(line);
      expect(a.input).toBe(line);
      expect(
        Object.values({ ...a, input: null }).every((v) => v === null),
        line,
      ).toBe(true);
    }
  });

  it('treats accents and unicode spaces as plain letters and spaces', () => {
    const a = normalizeAddress('12\u00a0Calle Peña Ave');
    expect([a.number, a.street, a.suffix]).toEqual(['12', 'CALLE PENA', 'AVE']);
  });

  it('is deterministic', () => {
    const line = '1600 Pennsylvania Ave NW, Washington, DC 20500';
    expect(normalizeAddress(line)).toEqual(normalizeAddress(line));
  });
});
