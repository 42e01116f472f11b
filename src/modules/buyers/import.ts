import type { Actor, Principal } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { headerKey, uniqueHeaders } from '../imports/layouts.js';
import { normalizeZip, parseDate, storableText } from '../imports/normalize-row.js';
import { readTable } from '../imports/read-table.js';
import type { BuyBoxInput, CreateBuyerBody, UpdateBuyerBody } from './schema.js';
import { FINANCING, STRATEGIES } from './schema.js';
import { createBuyerIn, emailKeyOf, phoneKeyOf, readBuyer, updateBuyerIn } from './service.js';

/** The fields a buyers file's columns can be mapped to, with the header spellings recognised for each. */
export const BUYER_IMPORT_FIELDS = {
  name: { label: 'Name (full)', headers: ['name', 'buyername', 'fullname', 'contactname', 'contact'] },
  first_name: { label: 'First name', headers: ['firstname', 'first', 'fname'] },
  last_name: { label: 'Last name', headers: ['lastname', 'last', 'lname', 'surname'] },
  company: { label: 'Company', headers: ['company', 'companyname', 'entity', 'llc', 'business', 'organization'] },
  email: { label: 'E-mail', headers: ['email', 'emailaddress', 'email1', 'mail'] },
  phone: { label: 'Phone', headers: ['phone', 'phonenumber', 'mobile', 'cell', 'cellphone', 'phone1', 'mobilephone'] },
  tags: { label: 'Tags (comma-separated)', headers: ['tags', 'tag', 'labels'] },
  tier: { label: 'Tier (VIP or standard)', headers: ['tier', 'vip', 'level'] },
  source: { label: 'Source', headers: ['source', 'leadsource', 'howfound', 'referral'] },
  notes: { label: 'Notes', headers: ['notes', 'note', 'comments', 'comment'] },
  zips: { label: 'Buy box: ZIPs', headers: ['zips', 'zip', 'zipcodes', 'zipcode', 'postalcodes', 'targetzips'] },
  cities: { label: 'Buy box: cities', headers: ['cities', 'city', 'targetcities', 'markets', 'market'] },
  counties: { label: 'Buy box: counties', headers: ['counties', 'county', 'targetcounties'] },
  state: { label: 'Buy box: state of the cities and counties', headers: ['state', 'st', 'targetstate'] },
  property_types: { label: 'Buy box: property types', headers: ['propertytypes', 'propertytype', 'types', 'assettype', 'assettypes'] },
  min_price: { label: 'Buy box: minimum price', headers: ['minprice', 'pricemin', 'minimumprice', 'minbudget', 'budgetmin'] },
  max_price: { label: 'Buy box: maximum price', headers: ['maxprice', 'pricemax', 'maximumprice', 'maxbudget', 'budgetmax', 'budget'] },
  min_arv: { label: 'Buy box: minimum ARV', headers: ['minarv', 'arvmin'] },
  max_arv: { label: 'Buy box: maximum ARV', headers: ['maxarv', 'arvmax'] },
  min_beds: { label: 'Buy box: minimum beds', headers: ['minbeds', 'bedsmin', 'minbedrooms', 'beds'] },
  min_baths: { label: 'Buy box: minimum baths', headers: ['minbaths', 'bathsmin', 'minbathrooms', 'baths'] },
  min_year: { label: 'Buy box: built in or after', headers: ['minyear', 'yearbuiltmin', 'minyearbuilt'] },
  strategies: {
    label: 'Buy box: strategies (flip, rental, BRRRR…)',
    headers: ['strategies', 'strategy', 'exitstrategy', 'investmenttype'],
  },
  financing: { label: 'Buy box: financing (cash, hard money…)', headers: ['financing', 'funding', 'fundingtype', 'paymethod'] },
  pof_amount: { label: 'Proof of funds: amount', headers: ['pofamount', 'proofoffunds', 'pof', 'fundsavailable'] },
  pof_expires_on: { label: 'Proof of funds: expiry date', headers: ['pofexpires', 'pofexpiry', 'pofexpireson', 'proofoffundsexpires'] },
} as const;

export type BuyerImportField = keyof typeof BUYER_IMPORT_FIELDS;
const isField = (value: string): value is BuyerImportField => Object.hasOwn(BUYER_IMPORT_FIELDS, value);

const BY_HEADER = new Map<string, BuyerImportField>(
  Object.entries(BUYER_IMPORT_FIELDS).flatMap(([field, { headers }]) => headers.map((header) => [header, field as BuyerImportField])),
);

/** Columns mapped to fields by their headers; the first column naming a field wins. */
export function proposeBuyerMapping(headers: readonly string[]): Record<string, BuyerImportField> {
  const columns: Record<string, BuyerImportField> = {};
  const taken = new Set<BuyerImportField>();
  for (const header of headers) {
    const field = BY_HEADER.get(headerKey(header));
    if (field && !taken.has(field)) {
      columns[header] = field;
      taken.add(field);
    }
  }
  return columns;
}

const MAX_ROWS = 50_000;
const PREVIEW_ROWS = 5;
/** At most this many reasons are sent back; the counts stay exact. */
const MAX_REPORTED = 1000;

export interface BuyerFilePreview {
  headers: string[];
  rows: string[][];
  mapping: Record<string, BuyerImportField>;
}

export interface RowProblem {
  row: number;
  message: string;
}

export interface BuyerImportResult {
  rows: number;
  created: number;
  merged: number;
  rejected: RowProblem[];
  rejectedCount: number;
  warnings: RowProblem[];
  warningCount: number;
}

interface FileRow {
  /** The record's number in the file, blank ones counted: the header is 1. */
  line: number;
  cells: string[];
}

async function readRecords(filePath: string, sheet: string | undefined, limit: number): Promise<{ headers: string[]; rows: FileRow[] }> {
  let headers: string[] | undefined;
  const rows: FileRow[] = [];
  let line = 0;
  for await (const record of readTable(filePath, { sheet })) {
    line++;
    if (record.every((cell) => !cell.trim())) continue;
    if (!headers) headers = uniqueHeaders(record);
    else rows.push({ line, cells: record.slice(0, headers.length).map(storableText) });
    if (rows.length > limit) break;
  }
  if (!headers) throw new AppError('validation', 'The file is empty: no header row');
  return { headers, rows };
}

export async function previewBuyerFile(filePath: string, sheet?: string): Promise<BuyerFilePreview> {
  const { headers, rows } = await readRecords(filePath, sheet, PREVIEW_ROWS - 1);
  return { headers, rows: rows.map((row) => row.cells), mapping: proposeBuyerMapping(headers) };
}

function checkMapping(mapping: Record<string, string>, headers: readonly string[]): Record<string, BuyerImportField> {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const [header, field] of Object.entries(mapping)) {
    if (!isField(field)) problems.push(`"${field}" is not a buyer field`);
    else if (used.has(field)) problems.push(`${field} is mapped twice`);
    used.add(field);
    if (!headers.includes(header)) problems.push(`column "${header}" is not in the file`);
  }
  if (!['name', 'first_name', 'last_name', 'company', 'email'].some((field) => used.has(field))) {
    problems.push('map a name, company or e-mail column');
  }
  if (problems.length > 0) throw new AppError('validation', `The column mapping is not usable: ${problems.join('; ')}`, problems);
  return mapping as Record<string, BuyerImportField>;
}

const listOf = (raw: string) =>
  raw
    .split(/[,;|\n]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/** "$150,000", "150k", "1.2M" → a number; undefined when it is none. */
export function parseAmount(raw: string): number | undefined {
  const match = /^\$?\s*(\d[\d,]*(?:\.\d+)?|\.\d+)\s*([kKmM])?$/.exec(raw.trim().replace(/^\$\s*/, ''));
  if (!match) return undefined;
  const value = Number(match[1]!.replace(/,/g, '')) * (match[2] ? (match[2].toLowerCase() === 'k' ? 1e3 : 1e6) : 1);
  return Number.isFinite(value) && value <= 1e12 ? value : undefined;
}

const STRATEGY_WORDS: [RegExp, (typeof STRATEGIES)[number]][] = [
  [/brrrr?/i, 'brrrr'],
  [/flip|fix/i, 'flip'],
  [/rent|hold|landlord|buy\s*and\s*hold/i, 'rental'],
  [/new\s*(build|construction)|build|develop/i, 'new_build'],
  [/wholetail/i, 'wholetail'],
];
const FINANCING_WORDS: [RegExp, (typeof FINANCING)[number]][] = [
  [/cash/i, 'cash'],
  [/hard/i, 'hard_money'],
  [/private/i, 'private'],
  [/conv|bank|mortgage|loan/i, 'conventional'],
];

function wordsOf<T extends string>(raw: string, words: [RegExp, T][], label: string, warn: (message: string) => void): T[] {
  const found = new Set<T>();
  for (const part of listOf(raw.replace(/\s+(and|&|\/)\s+/gi, ','))) {
    const hit = words.find(([pattern]) => pattern.test(part));
    if (hit) found.add(hit[1]);
    else warn(`${label} "${part}" is not known; left out`);
  }
  return [...found];
}

interface ParsedRow {
  body: CreateBuyerBody;
  warnings: string[];
}

/** A row as a buyer; values that cannot be read are left out with a warning, never the whole row. */
function parseRow(
  cells: readonly string[],
  columns: Partial<Record<BuyerImportField, number>>,
  typeKeys: Map<string, string | null>,
): ParsedRow | { error: string } {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const get = (field: BuyerImportField) => (columns[field] === undefined ? '' : (cells[columns[field]] ?? '').trim());

  const email = get('email');
  const validEmail = email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
  if (email && !validEmail) warn(`e-mail "${email}" is not an address; left out`);
  let phone: string | undefined = get('phone') || undefined;
  if (phone) {
    try {
      phoneKeyOf(phone);
    } catch {
      warn(`phone "${phone}" is not a phone number; left out`);
      phone = undefined;
    }
  }
  const person = get('name') || [get('first_name'), get('last_name')].filter(Boolean).join(' ');
  const company = get('company');
  const name = (person || company || validEmail || '').slice(0, 200);
  if (!name) return { error: 'no name, company or e-mail' };

  const amount = (field: BuyerImportField, label: string) => {
    const raw = get(field);
    if (!raw) return undefined;
    const value = parseAmount(raw);
    if (value === undefined) warn(`${label} "${raw}" is not an amount; left out`);
    return value;
  };
  const count = (field: BuyerImportField, label: string, max: number) => {
    const raw = get(field);
    if (!raw) return undefined;
    const value = Number(raw.replace(/\+$/, ''));
    if (!Number.isFinite(value) || value < 0 || value > max) {
      warn(`${label} "${raw}" is not a number; left out`);
      return undefined;
    }
    return value;
  };

  const state = get('state').toUpperCase();
  const places = (field: 'cities' | 'counties') =>
    listOf(get(field)).flatMap((place) => {
      if (/,\s*[A-Za-z]{2}$/.test(place)) return [place];
      if (/^[A-Z]{2}$/.test(state)) return [`${place}, ${state}`];
      warn(`${field === 'cities' ? 'city' : 'county'} "${place}" has no state; left out`);
      return [];
    });
  const zips = listOf(get('zips')).flatMap((raw) => {
    const zip = normalizeZip(raw);
    if (!zip) warn(`ZIP "${raw}" is not a ZIP code; left out`);
    return zip ? [zip.slice(0, 5)] : [];
  });
  const propertyTypes = listOf(get('property_types')).filter((raw) => {
    if (typeKeys.get(raw)) return true;
    warn(`property type "${raw}" is not known; left out`);
    return false;
  });
  const box: BuyBoxInput = {
    zips,
    cities: places('cities'),
    counties: places('counties'),
    propertyTypes,
    minPrice: amount('min_price', 'minimum price') ?? null,
    maxPrice: amount('max_price', 'maximum price') ?? null,
    minArv: amount('min_arv', 'minimum ARV') ?? null,
    maxArv: amount('max_arv', 'maximum ARV') ?? null,
    minBeds: count('min_beds', 'minimum beds', 50) ?? null,
    minBaths: count('min_baths', 'minimum baths', 50) ?? null,
    minYear: null,
    strategies: get('strategies') ? wordsOf(get('strategies'), STRATEGY_WORDS, 'strategy', warn) : [],
    financing: get('financing') ? wordsOf(get('financing'), FINANCING_WORDS, 'financing', warn) : [],
  };
  const year = count('min_year', 'built in or after', 2100);
  if (year !== undefined && Number.isInteger(year) && year >= 1600) box.minYear = year;
  for (const [low, high, label] of [
    ['minPrice', 'maxPrice', 'price'],
    ['minArv', 'maxArv', 'ARV'],
  ] as const) {
    if (box[low] != null && box[high] != null && box[low] > box[high]) {
      warn(`minimum ${label} is above the maximum; both left out`);
      box[low] = null;
      box[high] = null;
    }
  }
  const hasBox = Object.values(box).some((value) => (Array.isArray(value) ? value.length > 0 : value != null));

  const pofAmount = amount('pof_amount', 'proof of funds');
  const pofExpiresRaw = get('pof_expires_on');
  const pofExpires = pofExpiresRaw ? parseDate(pofExpiresRaw) : undefined;
  if (pofExpiresRaw && !pofExpires) warn(`proof of funds expiry "${pofExpiresRaw}" is not a date; left out`);
  const tier = get('tier').toLowerCase();
  const body: CreateBuyerBody = {
    name,
    company: company && company !== name ? company.slice(0, 200) : null,
    email: validEmail ?? null,
    phone: phone ?? null,
    tags: listOf(get('tags')).map((tag) => tag.slice(0, 40)),
    tier: ['vip', 'yes', 'y', 'true', '1', 'a'].includes(tier) ? 'vip' : 'standard',
    source: get('source').slice(0, 200) || null,
    notes: get('notes').slice(0, 20000) || null,
    proofOfFunds: pofAmount !== undefined ? { amount: pofAmount, datedOn: null, expiresOn: pofExpires ?? null, attachmentId: null } : null,
    buyBoxes: hasBox ? [box] : [],
  };
  return { body, warnings };
}

/** The existing buyer a row is: the same e-mail first, else the same phone. */
async function duplicateOf(tx: Tx, body: CreateBuyerBody): Promise<string | undefined> {
  const [row] = await tx.query<{ id: string }>(
    `select id from buyers
      where ($1::text is not null and email_key = $1) or ($2::text is not null and phone_key = $2)
      order by (email_key = $1) desc nulls last, created_at limit 1`,
    [emailKeyOf(body.email), phoneKeyOf(body.phone)],
  );
  return row?.id;
}

const sameBox = (a: BuyBoxInput, b: BuyBoxInput) =>
  (['zips', 'cities', 'counties', 'propertyTypes', 'strategies', 'financing'] as const).every(
    (key) => [...(a[key] ?? [])].sort().join() === [...(b[key] ?? [])].sort().join(),
  ) &&
  (['minPrice', 'maxPrice', 'minArv', 'maxArv', 'minBeds', 'minBaths', 'minYear'] as const).every(
    (key) => (a[key] ?? null) === (b[key] ?? null),
  );

/** A row that names a buyer already: blanks are filled, tags added, a new buy box appended. */
async function mergeInto(tx: Tx, actor: Actor, id: string, body: CreateBuyerBody): Promise<void> {
  const existing = await readBuyer(tx, id);
  const update: UpdateBuyerBody = {};
  if (!existing.company && body.company) update.company = body.company;
  if (!existing.email && body.email) update.email = body.email;
  if (!existing.phone && body.phone) update.phone = body.phone;
  if (!existing.source && body.source) update.source = body.source;
  if (body.notes) update.notes = existing.notes ? `${existing.notes}\n${body.notes}` : body.notes;
  if (body.tier === 'vip' && existing.tier !== 'vip') update.tier = 'vip';
  if (!existing.proofOfFunds && body.proofOfFunds) update.proofOfFunds = body.proofOfFunds;
  const tags = [...new Set([...existing.tags, ...(body.tags ?? []).map((tag) => tag.toLowerCase())])];
  if (tags.length > existing.tags.length) update.tags = tags;
  const box = body.buyBoxes?.[0];
  if (box && !existing.buyBoxes.some((kept) => sameBox(kept, box))) update.buyBoxes = [...existing.buyBoxes, box];
  if (Object.keys(update).length > 0) await updateBuyerIn(tx, actor, id, update);
}

/**
 * Imports a buyers file in one transaction: each row becomes a buyer or, when its
 * e-mail or phone names one already (in the tenant or earlier in the file), is merged
 * into it. A row that fails is rolled back alone and reported with its reason.
 */
export async function importBuyers(
  db: Database,
  principal: Principal,
  actor: Actor,
  input: { filePath: string; fileName: string; sheet?: string; mapping: Record<string, string> },
): Promise<BuyerImportResult> {
  const { headers, rows } = await readRecords(input.filePath, input.sheet, MAX_ROWS);
  if (rows.length > MAX_ROWS) throw new AppError('validation', `The file has more than ${MAX_ROWS} buyers; split it`);
  const mapping = checkMapping(input.mapping, headers);
  const columns: Partial<Record<BuyerImportField, number>> = {};
  for (const [header, field] of Object.entries(mapping)) columns[field] = headers.indexOf(header);

  return db.withTenant(principal.tenantId, async (tx) => {
    const typeCells = columns.property_types === undefined ? [] : rows.flatMap(({ cells }) => listOf(cells[columns.property_types!] ?? ''));
    const typeKeys = new Map(
      (
        await tx.query<{ raw: string; key: string | null }>('select raw, property_type_key(raw) as key from unnest($1::text[]) raw', [
          [...new Set(typeCells)],
        ])
      ).map((row) => [row.raw, row.key]),
    );
    const result: BuyerImportResult = {
      rows: rows.length,
      created: 0,
      merged: 0,
      rejected: [],
      rejectedCount: 0,
      warnings: [],
      warningCount: 0,
    };
    const reject = (row: number, message: string) => {
      result.rejectedCount++;
      if (result.rejected.length < MAX_REPORTED) result.rejected.push({ row, message });
    };
    for (const { line: rowNumber, cells } of rows) {
      const parsed = parseRow(cells, columns, typeKeys);
      if (!('body' in parsed)) {
        reject(rowNumber, parsed.error);
        continue;
      }
      await tx.query('savepoint buyer_row');
      try {
        const existing = await duplicateOf(tx, parsed.body);
        if (existing) await mergeInto(tx, actor, existing, parsed.body);
        else await createBuyerIn(tx, actor, { ...parsed.body, source: parsed.body.source ?? input.fileName.slice(0, 200) });
        await tx.query('release savepoint buyer_row');
        if (existing) result.merged++;
        else result.created++;
      } catch (error) {
        await tx.query('rollback to savepoint buyer_row');
        if (!(error instanceof AppError)) throw error;
        reject(rowNumber, error.message);
        continue;
      }
      for (const message of parsed.warnings) {
        result.warningCount++;
        if (result.warnings.length < MAX_REPORTED) result.warnings.push({ row: rowNumber, message });
      }
    }
    await recordAudit(tx, actor, {
      action: 'buyers.imported',
      entityType: 'buyer_import',
      entityId: null,
      after: { file: input.fileName, rows: result.rows, created: result.created, merged: result.merged, rejected: result.rejectedCount },
    });
    return result;
  });
}
