/**
 * Who owns the demo county: households living in their homes, local landlords
 * (often those same households) and out-of-area ones, investor companies whose
 * portfolios grow by preferential attachment, trusts, estates, farmers owning
 * several fields, lenders holding foreclosed houses, the public and churches.
 */
import {
  AWAY_PLACES,
  CHURCH_OWNERS,
  COMPANY_DESIGNATOR,
  COMPANY_FIRST,
  COMPANY_SECOND,
  FEMALE_NAMES,
  MALE_NAMES,
  PHONE_AREA_CODES,
  PUBLIC_OWNERS,
  REO_OWNERS,
  SURNAMES,
  TOWNS,
  type Town,
} from './county-words.js';
import { addressOf, type DemoAddress, type DemoOwner, type OwnerKind, type ParcelFacts, type Person } from './county-model.js';
import type { Random } from './seeded-random.js';

/** Area codes the owners' phones may carry: the region's first, then the rest of the country. */
const AREA_CODES = [
  ...PHONE_AREA_CODES,
  '201',
  '202',
  '203',
  '205',
  '206',
  '207',
  '208',
  '210',
  '212',
  '213',
  '215',
  '216',
  '218',
  '219',
  '228',
  '231',
  '234',
  '248',
  '251',
  '252',
  '253',
  '254',
  '256',
  '260',
  '262',
  '267',
  '270',
  '281',
  '301',
  '302',
  '304',
  '305',
  '307',
  '308',
  '310',
  '313',
  '315',
  '316',
  '318',
  '320',
  '321',
  '330',
  '334',
  '336',
  '337',
  '352',
  '360',
  '361',
  '386',
  '401',
  '402',
  '405',
  '406',
  '407',
  '408',
  '409',
  '410',
  '412',
  '413',
  '415',
  '417',
  '419',
  '423',
  '425',
  '432',
  '434',
  '435',
  '440',
  '443',
  '469',
  '478',
  '479',
  '484',
  '501',
  '502',
  '503',
  '504',
  '505',
  '507',
  '508',
  '509',
  '510',
  '512',
  '513',
  '516',
  '517',
  '518',
  '520',
  '530',
  '540',
  '541',
  '559',
  '561',
  '562',
  '570',
  '573',
  '574',
  '580',
  '585',
  '586',
  '601',
  '602',
  '603',
  '605',
  '606',
  '607',
  '608',
  '609',
  '610',
  '614',
  '616',
  '617',
  '619',
  '620',
  '641',
  '651',
  '660',
  '701',
  '702',
  '703',
  '704',
  '706',
  '712',
  '713',
  '715',
  '716',
  '717',
  '719',
  '720',
  '732',
  '734',
  '740',
  '757',
  '763',
  '785',
  '801',
  '803',
  '804',
  '806',
  '810',
  '813',
  '814',
  '816',
  '817',
  '828',
  '843',
  '850',
  '859',
  '860',
  '901',
  '904',
  '913',
  '916',
  '918',
  '919',
  '920',
  '952',
  '970',
  '989',
];

/** Phones in the 555-0100–0199 range reserved for fiction, unique until every area code's hundred is used. */
class PhoneBook {
  private readonly free = new Map<string, number[]>();
  private readonly open: string[];

  constructor(private readonly rnd: Random) {
    this.open = [...new Set(AREA_CODES)];
    for (const area of this.open) this.free.set(area, rnd.shuffle(Array.from({ length: 100 }, (_, i) => i)));
  }

  /** A number in the owner's area when one is left there, else anywhere. */
  take(preferredArea: string): string {
    let area = this.free.get(preferredArea)?.length ? preferredArea : undefined;
    while (!area && this.open.length > 0) {
      const i = this.rnd.int(this.open.length);
      if (this.free.get(this.open[i]!)!.length > 0) area = this.open[i]!;
      else this.open.splice(i, 1);
    }
    area ??= this.rnd.pick(AREA_CODES);
    const suffix = this.free.get(area)?.pop() ?? this.rnd.int(100);
    return `${area}5550${100 + suffix}`;
  }
}

const upper = (text: string) => text.toUpperCase();

class OwnerBook {
  readonly owners: DemoOwner[] = [];
  private readonly phones: PhoneBook;
  private readonly companyNames = new Set<string>();
  private readonly institutions = new Map<string, DemoOwner>();
  private poBox = 100;

  constructor(
    private readonly rnd: Random,
    private readonly birthYearOf: () => number,
  ) {
    this.phones = new PhoneBook(rnd.fork('phones'));
  }

  person(gender: 'm' | 'f' = this.rnd.chance(0.5) ? 'm' : 'f', last = this.rnd.pick(SURNAMES)): Person {
    const rnd = this.rnd;
    return {
      gender,
      first: rnd.pick(gender === 'm' ? MALE_NAMES : FEMALE_NAMES),
      middle: rnd.chance(0.55) ? String.fromCharCode(65 + rnd.int(26)).replace(/[QXZ]/, 'M') : null,
      last,
    };
  }

  awayAddress(): { address: DemoAddress; areaCode: string } {
    const rnd = this.rnd;
    const place = rnd.weighted(AWAY_PLACES.map((p) => [p, p.weight] as const));
    const street = rnd.pick(place.streets);
    const [name, ...rest] = street.split(' ');
    const predir = ['N', 'S', 'E', 'W'].includes(name!) ? name! : null;
    const words = predir ? rest : [name!, ...rest];
    const last = words.at(-1)!;
    const postdir = ['N', 'S'].includes(last) && words.length > 2 ? last : null;
    const body = postdir ? words.slice(0, -1) : words;
    const suffix = body.length > 1 ? body.at(-1)! : null;
    const address = addressOf({
      number: String(rnd.between(1, 89) * 100 + rnd.int(99)),
      predir,
      street: (suffix ? body.slice(0, -1) : body).join(' '),
      suffix,
      postdir,
      city: place.city,
      state: place.state,
      zip: place.zip,
    });
    if (rnd.chance(0.2))
      Object.assign(address, { unitType: 'Apt', unit: String(rnd.between(1, 40) * (rnd.chance(0.5) ? 100 : 1) + rnd.int(10)) });
    return { address, areaCode: place.areaCode };
  }

  localPoBox(town: Town): DemoAddress {
    return addressOf({
      number: '',
      street: '',
      poBox: String((this.poBox += 7 + this.rnd.int(40))),
      city: town.name,
      zip: town.zips.length > 1 ? town.zips[1]! : town.zips[0]!,
    });
  }

  add(owner: Omit<DemoOwner, 'id' | 'phones' | 'emails'>, areaCode: string): DemoOwner {
    const rnd = this.rnd;
    const isPerson = owner.kind === 'person' || owner.kind === 'couple' || owner.kind === 'estate' || owner.kind === 'trust';
    const phones: string[] = [];
    const emails: string[] = [];
    if (owner.kind !== 'government' && owner.kind !== 'church' && owner.kind !== 'bank' && rnd.chance(isPerson ? 0.5 : 0.4)) {
      const count = rnd.weighted([
        [1, 65],
        [2, 27],
        [3, 8],
      ] as const);
      for (let i = 0; i < count; i++) phones.push(this.phones.take(i === 0 ? areaCode : rnd.pick(PHONE_AREA_CODES)));
    }
    if (owner.kind !== 'government' && owner.kind !== 'bank' && rnd.chance(isPerson ? 0.35 : 0.3)) {
      const p = owner.people[0];
      const domain = rnd.pick(['example.com', 'example.net', 'example.org']);
      if (p) {
        const handle = rnd.pick([
          `${p.first}.${p.last}`,
          `${p.first[0]}${p.last}`,
          `${p.first}${p.last[0]}${rnd.between(1950, 2001)}`,
          `${p.last}${rnd.between(10, 99)}`,
        ]);
        emails.push(`${handle.toLowerCase().replace(/[^a-z0-9.]/g, '')}@${domain}`);
      } else {
        emails.push(
          `info@${owner.lastName
            .toLowerCase()
            .replace(/\b(llc|inc|lp|corp)\b/g, '')
            .replace(/[^a-z0-9]/g, '')}.example`,
        );
      }
    }
    const created: DemoOwner = { ...owner, id: this.owners.length, phones, emails };
    this.owners.push(created);
    return created;
  }

  /** A person or couple; `as` decides how the assessor writes them. */
  household(mailing: DemoAddress, areaCode: string, couple = this.rnd.chance(0.55)): DemoOwner {
    const rnd = this.rnd;
    const a = this.person();
    const people = [a];
    if (couple)
      people.push(this.person(rnd.chance(0.9) === (a.gender === 'm') ? 'f' : 'm', rnd.chance(0.88) ? a.last : rnd.pick(SURNAMES)));
    const countyPerson = (p: Person) => [p.last, p.first, p.middle].filter(Boolean).join(' ');
    let countyName: string;
    let firstName: string;
    if (people.length === 1) {
      countyName = upper(countyPerson(a));
      firstName = a.first;
    } else if (people[1]!.last === a.last) {
      countyName = upper(`${countyPerson(a)} & ${[people[1]!.first, people[1]!.middle].filter(Boolean).join(' ')}`);
      firstName = `${a.first} & ${people[1]!.first}`;
    } else {
      countyName = upper(`${countyPerson(a)} & ${countyPerson(people[1]!)}`);
      firstName = a.first;
    }
    const born = this.birthYearOf();
    return this.add(
      { kind: people.length > 1 ? 'couple' : 'person', countyName, firstName, lastName: a.last, people, mailing, elderly: born < 1950 },
      areaCode,
    );
  }

  trust(mailing: DemoAddress, areaCode: string): DemoOwner {
    const rnd = this.rnd;
    const p = this.person();
    const style = rnd.int(3);
    const middle = p.middle ? ` ${p.middle}` : '';
    const countyName = upper(
      style === 0
        ? `${p.last} Family Trust`
        : style === 1
          ? `${p.last} ${p.first}${middle} TR`
          : `${p.first}${middle} ${p.last} ${rnd.pick(['REV', 'LIVING'])} TRUST`,
    );
    const display =
      style === 0
        ? `${p.last} Family Trust`
        : style === 1
          ? `${p.first}${middle} ${p.last}, Trustee`
          : `${p.first}${middle} ${p.last} ${countyName.includes('REV') ? 'Revocable' : 'Living'} Trust`;
    return this.add(
      { kind: 'trust', countyName, firstName: '', lastName: display, people: [p], mailing, elderly: rnd.chance(0.7) },
      areaCode,
    );
  }

  estate(mailing: DemoAddress, areaCode: string): DemoOwner {
    const p = this.person();
    const countyName = this.rnd.chance(0.6) ? upper(`${p.last} ${p.first} EST`) : upper(`Estate of ${p.first} ${p.last}`);
    return this.add(
      { kind: 'estate', countyName, firstName: '', lastName: `Estate of ${p.first} ${p.last}`, people: [p], mailing, elderly: true },
      areaCode,
    );
  }

  company(mailing: DemoAddress, areaCode: string): DemoOwner {
    const rnd = this.rnd;
    let name: string;
    do {
      const designator = rnd.weighted(COMPANY_DESIGNATOR);
      name = `${rnd.chance(0.25) ? rnd.pick(SURNAMES) : rnd.pick(COMPANY_FIRST)} ${rnd.pick(COMPANY_SECOND)} ${designator}`;
    } while (this.companyNames.has(name));
    this.companyNames.add(name);
    const kind: OwnerKind = name.endsWith('LLC') || name.endsWith('LP') ? 'llc' : 'corporation';
    return this.add({ kind, countyName: upper(name), firstName: '', lastName: name, people: [], mailing, elderly: false }, areaCode);
  }

  institution(kind: 'bank' | 'government' | 'church', countyName: string, mailing: DemoAddress): DemoOwner {
    const existing = this.institutions.get(countyName);
    if (existing) return existing;
    const display = countyName
      .toLowerCase()
      .replace(/\b[a-z]/g, (c) => c.toUpperCase())
      .replace(/\bNa\b/, 'NA')
      .replace(/\bOf\b/g, 'of')
      .replace(/\bAnd\b/g, 'and');
    const owner = this.add({ kind, countyName, firstName: '', lastName: display, people: [], mailing, elderly: false }, '217');
    this.institutions.set(countyName, owner);
    return owner;
  }
}

export interface Ownership {
  owners: DemoOwner[];
  ownerOf: number[];
  occupied: boolean[];
}

export function assignOwners(rnd: Random, parcels: ParcelFacts[], asOfYear: number): Ownership {
  const book = new OwnerBook(rnd, () => rnd.between(1928, asOfYear - 24));
  const ownerOf = new Array<number>(parcels.length);
  const occupied = new Array<boolean>(parcels.length).fill(false);
  const ashford = TOWNS[0]!;
  const townOf = (name: string) => TOWNS.find((t) => t.name === name) ?? ashford;

  // First every home someone lives in, so that local landlords can be those people.
  const homeowners: DemoOwner[] = [];
  const rentals: number[] = [];
  parcels.forEach((parcel, i) => {
    const liveIn = {
      'Single Family': parcel.neighborhood === 'lake' ? 0.88 : parcel.neighborhood === 'downtown' ? 0.6 : 0.83,
      Condo: 0.72,
      'Multi-Family': 0.2,
      'Mobile Home': 0.8,
      Land: 0,
    }[parcel.type];
    if (!rnd.chance(liveIn)) {
      rentals.push(i);
      return;
    }
    const kind = rnd.weighted([
      ['household', 84],
      ['trust', 9],
      ['estate', 2.4],
    ] as const);
    const owner =
      kind === 'trust'
        ? book.trust(parcel.address, '217')
        : kind === 'estate'
          ? book.estate(parcel.address, '217')
          : book.household(parcel.address, '217');
    ownerOf[i] = owner.id;
    occupied[i] = kind !== 'estate';
    if (kind === 'household') homeowners.push(owner);
  });

  // The rest belong to landlords, farmers, companies, heirs, lenders and the public.
  // Portfolios grow by preferential attachment: a landlord with many parcels is likelier to get one more.
  const landlords = { entries: [] as { owner: DemoOwner; size: number }[], total: 0 };
  const companies = { entries: [] as { owner: DemoOwner; size: number }[], total: 0 };
  const farmers: DemoOwner[] = [];
  /** Chinese-restaurant draw: an existing owner with probability size/(total + alpha), else a new one. */
  const attach = (
    pool: { entries: { owner: DemoOwner; size: number }[]; total: number },
    alpha: number,
    create: () => DemoOwner,
  ): DemoOwner => {
    let roll = rnd.next() * (pool.total + alpha);
    pool.total++;
    for (const entry of pool.entries) {
      roll -= entry.size;
      if (roll < 0) {
        entry.size++;
        return entry.owner;
      }
    }
    const owner = create();
    pool.entries.push({ owner, size: 1 });
    return owner;
  };
  const farmHouses = parcels.filter((p) => p.neighborhood === 'rural' && p.type !== 'Land').map((p) => p.index);
  const localLandlord = () => {
    if (homeowners.length > 0 && rnd.chance(0.55)) return homeowners.splice(rnd.int(homeowners.length), 1)[0]!;
    const away = book.awayAddress();
    return book.household(away.address, away.areaCode);
  };
  const companyOwner = () => {
    if (rnd.chance(0.45)) {
      const away = book.awayAddress();
      return book.company({ ...away.address, unitType: 'Ste', unit: String(rnd.between(1, 30) * 100) }, away.areaCode);
    }
    const town = rnd.chance(0.7) ? ashford : rnd.pick(TOWNS);
    const mailing = rnd.chance(0.5)
      ? book.localPoBox(town)
      : addressOf({
          number: String(100 + 2 * rnd.int(200)),
          predir: rnd.pick(['E', 'W']),
          street: 'Main',
          suffix: 'St',
          unitType: 'Ste',
          unit: String(rnd.between(1, 4) * 100 + rnd.int(20)),
          city: town.name,
          zip: town.zips[0]!,
        });
    return book.company(mailing, '217');
  };

  for (const i of rentals) {
    const parcel = parcels[i]!;
    let owner: DemoOwner;
    if (parcel.type === 'Land' && parcel.neighborhood === 'rural') {
      const who = rnd.weighted([
        ['farmer', 62],
        ['trust', 14],
        ['company', 10],
        ['heir', 14],
      ] as const);
      if (who === 'farmer') {
        // Farmers live in a farmhouse on another parcel and own several fields.
        if (farmers.length > 0 && rnd.chance(0.55)) owner = rnd.pick(farmers);
        else {
          const home = farmHouses.length > 0 ? parcels[rnd.pick(farmHouses)]!.address : book.localPoBox(townOf(parcel.town));
          owner = book.household(home, '217', rnd.chance(0.75));
          farmers.push(owner);
        }
      } else if (who === 'trust') {
        const away = rnd.chance(0.5) ? book.awayAddress() : { address: book.localPoBox(townOf(parcel.town)), areaCode: '217' };
        owner = book.trust(away.address, away.areaCode);
      } else if (who === 'company') {
        owner = rnd.chance(0.5) ? book.company(book.localPoBox(townOf(parcel.town)), '217') : companyOwner();
      } else {
        const away = book.awayAddress();
        owner = book.household(away.address, away.areaCode);
      }
    } else if (parcel.type === 'Land' && rnd.chance(0.35)) {
      owner = rnd.chance(0.8)
        ? book.institution(
            'government',
            rnd.pick(PUBLIC_OWNERS),
            addressOf({ number: '300', predir: 'S', street: '7th', suffix: 'St', city: 'Ashford', zip: '62641' }),
          )
        : book.institution('church', rnd.pick(CHURCH_OWNERS), book.localPoBox(townOf(parcel.town)));
    } else {
      const who = rnd.weighted([
        ['landlord', 52],
        ['company', 30],
        ['trust', 5],
        ['estate', 6],
        ['away', 6],
        ['bank', 1],
      ] as const);
      if (who === 'landlord') owner = attach(landlords, 420, localLandlord);
      else if (who === 'company') owner = attach(companies, 70, companyOwner);
      else if (who === 'trust') {
        const away = book.awayAddress();
        owner = book.trust(away.address, away.areaCode);
      } else if (who === 'estate') {
        // Heirs get the mail: nearby or far away.
        const away = rnd.chance(0.6) ? book.awayAddress() : { address: parcels[rnd.int(parcels.length)]!.address, areaCode: '217' };
        owner = book.estate(away.address, away.areaCode);
      } else if (who === 'away') {
        const away = book.awayAddress();
        owner = book.household(away.address, away.areaCode);
      } else {
        owner = book.institution(
          'bank',
          rnd.pick(REO_OWNERS),
          addressOf({
            number: '1',
            street: 'Corporate',
            suffix: 'Dr',
            unitType: 'Ste',
            unit: '400',
            city: 'Dallas',
            state: 'TX',
            zip: '75204',
          }),
        );
      }
    }
    ownerOf[i] = owner.id;
  }
  return { owners: book.owners, ownerOf, occupied };
}
