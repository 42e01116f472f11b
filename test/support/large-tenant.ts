/**
 * A large tenant in seconds, for benchmarks and tests of the screens at county scale:
 * parcels, owners, contacts, lists and scores made by set-based SQL (generate_series)
 * instead of the import pipeline, which would take an hour for a million rows.
 *
 * Every value is a hash of the parcel's number and the seed, so the same options make
 * the same tenant. The county (Larkin County, IL; made up) has 40 ZIP codes in 10 towns
 * and 300 streets in each; addresses are in USPS form ("1234 N MAIN ST") with the
 * address key the normalizer would give them. Shares, roughly: 10 % of parcels belong
 * to investors with several parcels each; 30 % have an absentee owner; 70 % a known
 * mortgage balance (a seventh of those 0: free and clear); 25 % distress tags; 95 % a
 * score. Phone numbers are in the 555 exchange and emails at example.com.
 */
import type { Database } from '../../src/platform/db/database.js';
import { refreshParcelSearch } from '../../src/modules/properties/service.js';
import { ownerNameKey, parseOwnerName, personNameKey } from '../../src/modules/properties/contacts/owner-name.js';
import {
  AVENUES,
  AWAY_PLACES,
  COMPANY_FIRST,
  COMPANY_SECOND,
  FEMALE_NAMES,
  MALE_NAMES,
  PHONE_AREA_CODES,
  SURNAMES,
} from '../../src/modules/demo-county/county-words.js';

export interface LargeTenantOptions {
  parcels: number;
  /** Another seed makes another county of the same shape (default 1). */
  seed?: number;
  /** Parcels written per transaction; bounds the embedded database's memory (default 50,000). */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface LargeTenant {
  parcels: number;
  owners: number;
  /** The county roll every parcel is on, then one list per distress tag. */
  rollListId: string;
  tagLists: Record<string, string>;
  /** Seconds spent writing rows, checking the search columns against refreshParcelSearch, and refreshing the statistics. */
  seconds: { rows: number; search: number; statistics: number };
}

export const SEED_SOURCE = 'seed:large-tenant';
export const COUNTY = { name: 'Larkin', state: 'IL', fips: '17999' } as const;
const TOWNS = ['LARKIN', 'CEDAR BLUFF', 'HOLLIS', 'MARSHFIELD', 'EASTON', 'PINE RIDGE', 'ORLAND', 'WEST BRANCH', 'KESWICK', 'DUNMORE'];
const ZIPS = 40;
const STREETS_PER_ZIP = 300;
/** One block of house numbers per ZIP × street: the numbers of block b are 100 + 20b … 118 + 20b. */
const BLOCK = ZIPS * STREETS_PER_ZIP;

const STREET_NAMES = [
  ...AVENUES,
  ...['1ST', '2ND', '3RD', '4TH', '5TH', '6TH', '7TH', '8TH', '9TH', '10TH', '11TH', '12TH'],
  ...['PARK', 'LAKE', 'HILL', 'RIVER', 'CHURCH', 'MILL', 'SCHOOL', 'CENTER', 'HIGH', 'UNION', 'PROSPECT', 'SPRING'],
  ...[
    'HIGHLAND',
    'MEADOW',
    'RIDGE',
    'SUNSET',
    'FOREST',
    'COUNTRY CLUB',
    'FOX RUN',
    'QUAIL HOLLOW',
    'DEER PATH',
    'STONE GATE',
    'BIRCH',
    'CEDAR',
  ],
].map((name) => name.toUpperCase());
const SUFFIXES = ['ST', 'AVE', 'RD', 'DR', 'LN'];
/** 60 names × 5 suffixes, a fifth of them with a direction, shuffled so neighbouring street numbers are unrelated streets. */
const STREETS = STREET_NAMES.flatMap((name, n) =>
  SUFFIXES.map((suffix, s) => ({ predir: (n + s) % 5 === 0 ? 'N' : (n + s) % 5 === 1 ? 'S' : null, name, suffix })),
).sort((a, b) => hash(`${a.name}${a.suffix}`) - hash(`${b.name}${b.suffix}`));

/** Surnames past the common ones, made of English place-name parts ("Ashworth", "Thornbury"): each only a few hundred times in a million. */
const TAIL_SURNAMES = ['Ash', 'Black', 'Brook', 'Cald', 'Craw', 'Dun', 'Fair', 'Hart', 'Holl', 'Kings', 'Lang', 'Mar', 'North', 'Old']
  .concat(['Pen', 'Rad', 'Ross', 'Stan', 'Thorn', 'Wake', 'West', 'Whit', 'Wood', 'Brad', 'Chat', 'Dar', 'Ells', 'Har', 'Hux', 'Lock'])
  .concat(['Mid', 'Put', 'Sel', 'Tam', 'Ware', 'Wes', 'Wey', 'Ayl', 'Bram', 'Cran'])
  .flatMap((head) =>
    ['worth', 'wood', 'ley', 'ford', 'ton', 'field', 'more', 'dale', 'well', 'by', 'bury', 'hurst', 'combe', 'ham', 'stead']
      .concat(['wick', 'mont', 'brook', 'shaw', 'land', 'croft', 'gate', 'ridge', 'mere', 'holt'])
      .map((tail) => head + tail),
  )
  .filter((name) => !SURNAMES.includes(name));
const COMPANIES = COMPANY_FIRST.flatMap((first) => COMPANY_SECOND.map((second) => `${first} ${second} LLC`));
const FIRST_NAMES = [...MALE_NAMES, ...FEMALE_NAMES];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

const surnameKey = (last: string) => personNameKey({ first: '', middle: null, last, suffix: null }).split('|')[0]!;
const firstKey = (first: string) => personNameKey({ first, middle: null, last: 'X', suffix: null }).split('|')[1]!;
const entityKey = (name: string) => ownerNameKey(parseOwnerName(name));

/** Word lists inlined as SQL array literals (they are this file's constants), and SQL that picks from them. */
class Words {
  private readonly lists = new Map<string, { sql: string; length: number }>();

  constructor(lists: Record<string, readonly (string | null)[]>) {
    for (const [name, values] of Object.entries(lists)) {
      const items = values.map((v) => (v === null ? 'null' : `'${v.replaceAll("'", "''")}'`));
      this.lists.set(name, { sql: `(array[${items.join(', ')}]::text[])`, length: values.length });
    }
  }

  /** The `list`'s element at a fraction `u` (0 ≤ u < 1) of its length. */
  pick(list: string, u: string): string {
    const { sql, length } = this.lists.get(list)!;
    return `${sql}[1 + floor((${u}) * ${length})::int]`;
  }

  /** The `list`'s element at a 0-based index. */
  at(list: string, i: string): string {
    return `${this.lists.get(list)!.sql}[1 + (${i})]`;
  }
}

/** A uniform fraction in [0, 1) from the row number `k` and a salt; independent for each salt. */
const uOf =
  (seed: number) =>
  (salt: number, k = 'k') =>
    `((hashint8extended(${k}, ${seed * 1000 + salt}) & 1073741823)::float8 / 1073741824)`;
/** A version-4-shaped uuid derived from the tenant, a kind and a number, so rows can point at each other without lookups. */
const uuidOf = (kind: string, k: string) =>
  `overlay(overlay(md5(current_setting('app.tenant_id') || ':${kind}:' || (${k})) placing '4' from 13) placing '8' from 17)::uuid`;

const DISTRESS = ['code_violation', 'pre_foreclosure', 'probate', 'tax_delinquent', 'vacant'] as const;
const LIST_NAMES: Record<(typeof DISTRESS)[number], string> = {
  code_violation: 'Code violations',
  pre_foreclosure: 'Pre-foreclosure',
  probate: 'Probate',
  tax_delinquent: 'Tax delinquent',
  vacant: 'Vacant',
};

/**
 * Fills `tenantId` (expected empty of properties) with `parcels` parcels and what hangs
 * off them, chunk by chunk (the search columns written with the rows, checked against
 * refreshParcelSearch), then refreshes the planner's statistics.
 */
export async function seedLargeTenant(db: Database, tenantId: string, options: LargeTenantOptions): Promise<LargeTenant> {
  const seed = options.seed ?? 1;
  const chunk = options.chunk ?? 50_000;
  const total = options.parcels;
  const u = uOf(seed);
  // Investors: one owner for every 40 parcels, holding the 10 % of parcels owned in portfolios.
  const investors = Math.max(1, Math.round(total / 40));
  const words = new Words({
    zips: Array.from({ length: ZIPS }, (_, z) => `629${String(10 + z)}`),
    towns: TOWNS,
    predirs: STREETS.map((s) => s.predir),
    streets: STREETS.map((s) => s.name),
    streetKeys: STREETS.map((s) => s.name.replaceAll(' ', '')),
    suffixes: STREETS.map((s) => s.suffix),
    firsts: FIRST_NAMES,
    firstKeys: FIRST_NAMES.map(firstKey),
    wives: FEMALE_NAMES,
    wifeKeys: FEMALE_NAMES.map(firstKey),
    commonLasts: SURNAMES,
    commonLastKeys: SURNAMES.map(surnameKey),
    tailLasts: TAIL_SURNAMES,
    tailLastKeys: TAIL_SURNAMES.map(surnameKey),
    commonTrustKeys: SURNAMES.map((last) => entityKey(`${last} Family Trust`)),
    tailTrustKeys: TAIL_SURNAMES.map((last) => entityKey(`${last} Family Trust`)),
    companies: COMPANIES,
    companyKeys: COMPANIES.map(entityKey),
    awayCities: AWAY_PLACES.map((p) => p.city.toUpperCase()),
    awayStates: AWAY_PLACES.map((p) => p.state),
    awayZips: AWAY_PLACES.map((p) => p.zip),
    areaCodes: PHONE_AREA_CODES,
  });
  const pick = words.pick.bind(words);

  // A person: first name and surname (three in ten from the long tail, the rest common ones, the commonest most often).
  const person = (k: string, salt: number) => {
    const surname = (tail: string, common: string) =>
      `case when ${u(salt, k)} < 0.3 then ${pick(tail, u(salt + 1, k))} else ${pick(common, `${u(salt + 1, k)} ^ 2`)} end`;
    return {
      last: surname('tailLasts', 'commonLasts'),
      lastKey: surname('tailLastKeys', 'commonLastKeys'),
      trustKey: surname('tailTrustKeys', 'commonTrustKeys'),
      first: pick('firsts', u(salt + 2, k)),
      firstKey: pick('firstKeys', u(salt + 2, k)),
    };
  };

  const started = performance.now();
  const setup = await db.withTenant(tenantId, async (tx) => {
    const [roll] = await tx.query<{ id: string }>(`insert into lists (name, source, tags) values ($1, $2, '{}') returning id`, [
      `${COUNTY.name} County roll`,
      SEED_SOURCE,
    ]);
    const tagLists: Record<string, string> = {};
    for (const tag of DISTRESS) {
      const [list] = await tx.query<{ id: string }>('insert into lists (name, source, tags) values ($1, $2, $3) returning id', [
        LIST_NAMES[tag],
        SEED_SOURCE,
        [tag],
      ]);
      tagLists[tag] = list!.id;
    }
    // Investors: six in ten companies, the rest people, all with a PO box in the county seat.
    const who = person('j', 51);
    const company = `${u(50, 'j')} < 0.6`;
    await tx.query(
      `insert into owners (id, kind, entity_type, display_name, people, name_key, mailing_line1, mailing_city, mailing_state, mailing_zip, mailing_key, provenance, created_at)
       select ${uuidOf('investor', 'j')},
              case when ${company} then 'entity' else 'person' end,
              case when ${company} then 'llc' end,
              case when ${company} then ${pick('companies', u(54, 'j'))} else ${who.first} || ' ' || ${who.last} end,
              case when ${company} then '[]'::jsonb else jsonb_build_array(jsonb_build_object('first', ${who.first}, 'middle', null, 'last', ${who.last}, 'suffix', null)) end,
              case when ${company} then ${pick('companyKeys', u(54, 'j'))} else ${who.lastKey} || '|' || ${who.firstKey} end,
              'PO BOX ' || (90000 + j), ${words.at('towns', '0')}, 'IL', ${words.at('zips', '0')},
              ${words.at('zips', '0')} || '|POBOX|' || (90000 + j), '{}', now() - interval '3 years'
         from generate_series(0, ${investors - 1}) as j`,
    );
    await tx.query(
      `insert into owner_phones (owner_id, e164, line_type, source)
       select ${uuidOf('investor', 'j')}, '+1' || ${pick('areaCodes', u(55, 'j'))} || '555' || lpad(floor(${u(56, 'j')} * 10000)::text, 4, '0'),
              case when ${u(57, 'j')} < 0.5 then 'mobile' else 'landline' end, '${SEED_SOURCE}'
         from generate_series(0, ${investors - 1}) as j where ${u(58, 'j')} < 0.7`,
    );
    return { rollListId: roll!.id, tagLists };
  });

  // The parcel numbered k (1-based): its ZIP (z), street (s) and block of house numbers (b) make its address unique.
  const parcelOf = `
    select k, z, s, b, number, ${uuidOf('parcel', 'k')} as id, type, unit,
           ${words.at('zips', 'z')} as zip, ${words.at('towns', 'z / 4')} as city,
           ${words.at('predirs', 's')} as predir, ${words.at('streets', 's')} as street, ${words.at('suffixes', 's')} as suffix,
           ${words.at('streetKeys', 's')} as street_key
      from (select k, (k - 1) % ${ZIPS} as z, ((k - 1) / ${ZIPS}) % ${STREETS_PER_ZIP} as s, (k - 1) / ${BLOCK} as b,
                   100 + 20 * ((k - 1) / ${BLOCK}) + 2 * floor(${u(1)} * 10)::int as number,
                   case when ${u(2)} < 0.78 then 'Single Family' when ${u(2)} < 0.88 then 'Condo' when ${u(2)} < 0.95 then 'Multi-Family'
                        when ${u(2)} < 0.98 then 'Mobile Home' else 'Land' end as type,
                   case when ${u(2)} >= 0.78 and ${u(2)} < 0.88 then (1 + floor(${u(3)} * 24))::text end as unit
              from generate_series($1::int, $2::int) as k) n`;
  const lineOf = (number: string, t = '') => `${number} || ' ' || coalesce(${t}predir || ' ', '') || ${t}street || ' ' || ${t}suffix`;
  const keyOf = (number: string, unit: string, t = '') =>
    `concat_ws('|', ${t}zip, ${number}, coalesce(${t}predir, ''), ${t}street_key, ${t}suffix, '', coalesce(${unit}, ''))`;
  const owner = person('k', 36);
  const chunkRows = `
    create temporary table seed_chunk on commit drop as
    select a.*, ${lineOf('a.number', 'a.')} || coalesce(' APT ' || a.unit, '') as line1, ${keyOf('a.number', 'a.unit', 'a.')} as address_key,
           lpad((a.z + 1)::text, 2, '0') || '-' || lpad((a.s + 1)::text, 3, '0') || '-' || lpad(a.b::text, 3, '0') || '-' || lpad(a.number::text, 4, '0') as apn,
           case when ${u(30)} < 0.1 then ${uuidOf('investor', `floor(${investors} * ${u(31)} ^ 2)::int`)} else ${uuidOf('owner', 'k')} end as owner_id,
           ${lineOf('(a.number + 1)', 'm.')} as away_line1, ${keyOf('(a.number + 1)', 'null', 'm.')} as away_key,
           case when a.type = 'Land' then null when a.type = 'Condo' then 1 + floor(${u(4)} * 3) else 2 + floor(${u(4)} * 4) end as beds,
           ${u(5)} as u_size, ${u(8)} as u_value,
           ${u(10)} as u_mortgage, ${u(12)} < 0.12 as tax_delinquent,
           array_remove(array[case when ${u(19)} < 0.02 then 'code_violation' end, case when ${u(17)} < 0.04 then 'pre_foreclosure' end,
                              case when ${u(16)} < 0.03 then 'probate' end, case when ${u(12)} < 0.12 then 'tax_delinquent' end,
                              case when ${u(18)} < 0.06 then 'vacant' end], null) as tags,
           ${u(30)} < 0.1 as investor,
           ${u(32)} < 0.22 as absentee, ${u(33)} < 0.35 as away,
           case when ${u(34)} < 0.05 then 'llc' when ${u(34)} < 0.08 then 'trust' when ${u(35)} < 0.3 then 'couple' else 'person' end as owner_kind,
           ${owner.first} as first, ${owner.firstKey} as first_key, ${owner.last} as last, ${owner.lastKey} as last_key,
           ${owner.trustKey} as trust_key,
           ${pick('wives', u(40))} as wife, ${pick('wifeKeys', u(40))} as wife_key,
           ${pick('companies', u(41))} as company, ${pick('companyKeys', u(41))} as company_key,
           ${pick('awayCities', u(42))} as away_city, ${pick('awayStates', u(42))} as away_state, ${pick('awayZips', u(42))} as away_zip
      from (${parcelOf}) a
      -- An absentee owner in the county lives on another street of the parcel's ZIP, at an odd number no parcel has.
      cross join lateral (select a.zip, ${words.at('predirs', `(a.s * 7 + 13) % ${STREETS_PER_ZIP}`)} as predir,
                                 ${words.at('streets', `(a.s * 7 + 13) % ${STREETS_PER_ZIP}`)} as street,
                                 ${words.at('streetKeys', `(a.s * 7 + 13) % ${STREETS_PER_ZIP}`)} as street_key,
                                 ${words.at('suffixes', `(a.s * 7 + 13) % ${STREETS_PER_ZIP}`)} as suffix) m`;

  const statements = [
    // Owners of one parcel: living there, or elsewhere in the county, or away (a PO box).
    `insert into owners (id, kind, entity_type, display_name, people, name_key, mailing_line1, mailing_city, mailing_state, mailing_zip, mailing_key, provenance, created_at)
     select owner_id,
            case when owner_kind in ('llc', 'trust') then 'entity' else 'person' end,
            case when owner_kind in ('llc', 'trust') then owner_kind end,
            case owner_kind when 'llc' then company when 'trust' then last || ' Family Trust'
                            when 'couple' then first || ' ' || last || ' & ' || wife || ' ' || last else first || ' ' || last end,
            case when owner_kind in ('llc', 'trust') then '[]'::jsonb
                 else jsonb_build_array(jsonb_build_object('first', first, 'middle', null, 'last', last, 'suffix', null))
                      || case when owner_kind = 'couple' then jsonb_build_array(jsonb_build_object('first', wife, 'middle', null, 'last', last, 'suffix', null)) else '[]' end end,
            case owner_kind when 'llc' then company_key when 'trust' then trust_key
                            when 'couple' then concat_ws('&', least(last_key || '|' || first_key, last_key || '|' || wife_key) collate "C",
                                                              greatest(last_key || '|' || first_key, last_key || '|' || wife_key) collate "C")
                            else last_key || '|' || first_key end,
            case when not absentee then line1 when away then 'PO BOX ' || k else away_line1 end,
            case when absentee and away then away_city else city end,
            case when absentee and away then away_state else '${COUNTY.state}' end,
            case when absentee and away then away_zip else zip end,
            case when not absentee then address_key when away then away_zip || '|POBOX|' || k else away_key end,
            '{}', now() - interval '2 years'
       from seed_chunk where not investor`,
    `insert into owner_phones (owner_id, e164, line_type, source)
     select owner_id, '+1' || ${pick('areaCodes', u(60))} || '555' || lpad((floor(${u(61)} * 5000) + 5000 * n)::int::text, 4, '0'),
            case when ${u(62)} < 0.6 then 'mobile' when ${u(62)} < 0.95 then 'landline' else 'voip' end, '${SEED_SOURCE}'
       from seed_chunk cross join generate_series(0, case when ${u(63)} < 0.33 then 1 else 0 end) as n
      where not investor and ${u(64)} < 0.45`,
    `insert into owner_emails (owner_id, email, source)
     select owner_id, lower(first_key || '.' || last_key) || (k % 97) || '@example.com', '${SEED_SOURCE}'
       from seed_chunk where not investor and owner_kind in ('person', 'couple') and ${u(65)} < 0.3`,
    // The search text and absentee flag from the functions refresh_parcel_search uses (one owner per parcel),
    // so the parcels are written once; a sample is checked against refreshParcelSearch at the end.
    `insert into parcels (id, apn, county, fips, address_number, address_predirectional, address_street, address_suffix,
                          address_unit_type, address_unit_number, city, state, zip, address_line1, address_key, latitude, longitude,
                          location_precision, time_zone, property_type, beds, baths, living_sqft, lot_sqft, year_built, assessed_value,
                          market_value, last_sale_date, last_sale_price, mortgage_balance, free_and_clear, tax_owed, stack_count,
                          distress_tags, search_text, absentee, source, created_at, updated_at)
     select c.id, apn,
            '${COUNTY.name}', '${COUNTY.fips}', number::text, predir, street, suffix, case when unit is not null then 'APT' end, unit,
            city, '${COUNTY.state}', zip, line1, address_key,
            39.70 + (z / 8) * 0.09 + ${u(20)} * 0.06, -89.60 + (z % 8) * 0.09 + ${u(21)} * 0.06, 'source', 'America/Chicago',
            type, beds, case when beds is not null then 1 + floor(${u(22)} * beds) / 2 end,
            case when beds is not null then (400 + beds * 320 + u_size * 900)::int end,
            case when type <> 'Condo' then (3000 + ${u(23)} ^ 2 * 40000)::int end,
            case when type <> 'Land' then 1900 + floor(${u(24)} ^ 0.7 * 124)::int end,
            round((v.market * (0.85 + ${u(25)} * 0.1))::numeric, -2), v.market,
            case when ${u(26)} < 0.85 then date '2024-12-31' - floor(${u(27)} ^ 1.5 * 365 * 40)::int end,
            case when ${u(26)} < 0.85 then round((v.market * (0.45 + ${u(28)} * 0.5))::numeric, -2) end,
            v.mortgage, case when v.mortgage = 0 then true end,
            case when tax_delinquent then round((500 + ${u(13)} * 14500)::numeric, 2) else 0 end,
            1 + cardinality(tags), tags,
            parcel_search_text(line1, city, zip, apn, array[o.display_name], ph.phones, em.emails), parcel_absentee(address_key, array[o.mailing_key]),
            '${SEED_SOURCE}', v.updated - ${u(29)} * interval '300 days', v.updated
       from seed_chunk c
       join owners o on o.id = c.owner_id
       left join (select owner_id, array_agg(e164) as phones from owner_phones
                   where owner_id in (select owner_id from seed_chunk) group by owner_id) ph on ph.owner_id = c.owner_id
       left join (select owner_id, array_agg(email) as emails from owner_emails
                   where owner_id in (select owner_id from seed_chunk) group by owner_id) em on em.owner_id = c.owner_id
      cross join lateral (select case when type = 'Land' then round((15000 + u_value * 90000)::numeric, -2)
                                      else round((45000 + beds * 22000 + u_value ^ 2 * 650000)::numeric, -2) end as market) m
      cross join lateral (select m.market,
                                 case when u_mortgage < 0.3 then null when u_mortgage < 0.4 then 0
                                      else round((m.market * (0.1 + ${u(11)}))::numeric, -2) end as mortgage,
                                 now() - ${u(14)} * interval '400 days' as updated) v`,
    `insert into parcel_owners (parcel_id, owner_id, source) select id, owner_id, '${SEED_SOURCE}' from seed_chunk`,
    `insert into list_memberships (list_id, parcel_id, added_at)
     select $1::uuid, id, now() - interval '1 year' from seed_chunk
     union all
     select l.id, c.id, now() - interval '6 months'
       from seed_chunk c cross join unnest(c.tags) as tag join lists l on l.source = '${SEED_SOURCE}' and l.tags = array[tag]`,
    // The score's reasons add up to it: absentee 25, each distress list 9, half or more equity 10, years owned up to 19.
    `insert into parcel_scores (parcel_id, score, stack_score, model_score, model_id, reasons, scored_at)
     select id, r.score, r.score, null, null, r.reasons, now() - interval '1 day'
       from (select c.id, p.market_value, p.mortgage_balance, p.last_sale_date, c.tags,
                    (c.investor or c.absentee) as absentee, floor(${u(70)} * 20)::int as years_points, ${u(71)} < 0.95 as scored
               from seed_chunk c join parcels p on p.id = c.id) x
      cross join lateral (select case when x.mortgage_balance is not null and x.market_value > 0
                                      then round(100 * (x.market_value - x.mortgage_balance) / x.market_value) end as equity_percent) e
      cross join lateral (select coalesce(sum((reason ->> 2)::int), 0)::int as score, coalesce(jsonb_agg(reason order by i), '[]') as reasons
                            from unnest(array[
                                   case when x.absentee then jsonb_build_array('absentee', 'Owner lives elsewhere', 25, 25) end,
                                   case when cardinality(x.tags) > 0 then jsonb_build_array('distressLists',
                                     cardinality(x.tags) || case when cardinality(x.tags) = 1 then ' distress list' else ' distress lists' end,
                                     9 * cardinality(x.tags), 9 * cardinality(x.tags)) end,
                                   case when e.equity_percent >= 50 then jsonb_build_array('equityPercent', e.equity_percent || '% equity', 10, 10) end,
                                   case when x.years_points > 0 and x.last_sale_date is not null then jsonb_build_array('yearsOwned',
                                     (date_part('year', age(date '2025-01-01', x.last_sale_date)))::int || ' years owned', x.years_points, x.years_points) end
                                 ]) with ordinality as t(reason, i) where reason is not null) r
      where x.scored`,
  ];

  let owners = investors;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    owners += await db.withTenant(tenantId, async (tx) => {
      await tx.query(chunkRows, [from, to]);
      let chunkOwners = 0;
      for (const statement of statements) {
        const params = statement.includes('$1') ? [setup.rollListId] : [];
        const [done] = await tx.query<{ n: number }>(`with done as (${statement} returning 1) select count(*)::int as n from done`, params);
        if (statement.includes('insert into owners')) chunkOwners = done!.n;
      }
      return chunkOwners;
    });
    options.onProgress?.(to, total);
  }
  const rowsDone = performance.now();

  if (!(await searchTextMatches(db, tenantId, total))) await refreshSearch(db, tenantId, total, chunk);
  const searchDone = performance.now();
  await db.refreshStatistics([
    'parcels',
    'owners',
    'owner_phones',
    'owner_emails',
    'parcel_owners',
    'lists',
    'list_memberships',
    'parcel_scores',
  ]);
  const statsDone = performance.now();
  return {
    parcels: total,
    owners,
    ...setup,
    seconds: {
      rows: (rowsDone - started) / 1000,
      search: (searchDone - rowsDone) / 1000,
      statistics: (statsDone - searchDone) / 1000,
    },
  };
}

/**
 * The seeded parcels' search text and absentee flag are written with the rows; this
 * checks a sample against `refreshParcelSearch`, which every other write goes through,
 * so the seeder cannot drift from it unnoticed.
 */
async function searchTextMatches(db: Database, tenantId: string, total: number): Promise<boolean> {
  return db.withTenant(tenantId, async (tx) => {
    const sample = `select p.id::text, p.search_text, p.absentee from generate_series(1, ${Math.min(total, 1000)}) as k
                      join parcels p on p.id = ${uuidOf('parcel', 'k')} order by p.id`;
    const before = await tx.query<{ id: string }>(sample);
    await refreshParcelSearch(
      tx,
      before.map((row) => row.id),
    );
    const after = await tx.query<{ id: string }>(sample);
    const differs = after.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(before[i]));
    if (differs >= 0) {
      console.warn(
        `large-tenant: the seeded search columns differ from refreshParcelSearch's (${JSON.stringify(before[differs])} became ` +
          `${JSON.stringify(after[differs])}); refreshing every parcel, which is slow: make the seeder write what the refresh writes`,
      );
    }
    return differs < 0;
  });
}

async function refreshSearch(db: Database, tenantId: string, total: number, chunk: number): Promise<void> {
  for (let from = 1; from <= total; from += chunk) {
    await db.withTenant(tenantId, async (tx) => {
      const ids = await tx.query<{ id: string }>(
        `select ${uuidOf('parcel', 'k')}::text as id from generate_series($1::int, $2::int) as k`,
        [from, Math.min(total, from + chunk - 1)],
      );
      await refreshParcelSearch(
        tx,
        ids.map((r) => r.id),
      );
    });
  }
}
