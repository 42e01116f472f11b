import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { proposeMapping } from '../imports/layouts.js';
import { normalizeRow, resolveColumns } from '../imports/normalize-row.js';
import { normalizeEmail } from '../properties/contacts/email.js';
import { normalizePhone } from '../properties/contacts/phone.js';
import { buildCountyFiles, toCsv } from './county-files.js';
import { streetLine } from './county-model.js';
import { DEFAULT_DEMO_PARCELS, generateCounty } from './generate-county.js';

const AS_OF = '2025-06-30';
const county = generateCounty({ asOf: AS_OF });
const { files, lookAlikes } = buildCountyFiles(county);
const share = (count: number) => count / county.parcels.length;

describe('demo county generator', () => {
  it('is seeded: the same seed and day give the same files, another seed another county', () => {
    const digest = (seed: number) =>
      createHash('sha1')
        .update(
          buildCountyFiles(generateCounty({ seed, parcels: 1500, asOf: AS_OF }))
            .files.map(toCsv)
            .join(''),
        )
        .digest('hex');
    expect(digest(3)).toBe(digest(3));
    expect(digest(3)).not.toBe(digest(4));
  });

  it('lays out at least 20,000 parcels with unique parcel numbers and addresses', () => {
    expect(county.parcels).toHaveLength(DEFAULT_DEMO_PARCELS);
    expect(DEFAULT_DEMO_PARCELS).toBeGreaterThanOrEqual(20_000);
    expect(new Set(county.parcels.map((p) => p.apn)).size).toBe(county.parcels.length);
    expect(new Set(county.parcels.map((p) => `${p.address.zip} ${streetLine(p.address).toUpperCase()}`)).size).toBe(county.parcels.length);
    for (const p of county.parcels) {
      expect(Math.abs(p.latitude - 40.06)).toBeLessThan(0.3);
      expect(Math.abs(p.longitude + 89.12)).toBeLessThan(0.35);
    }
  });

  it('mixes property types, and sizes, ages and values hang together', () => {
    const byType = (type: string) => county.parcels.filter((p) => p.type === type);
    expect(share(byType('Single Family').length)).toBeGreaterThan(0.65);
    for (const type of ['Condo', 'Multi-Family', 'Land', 'Mobile Home']) expect(share(byType(type).length), type).toBeGreaterThan(0.02);
    const homes = byType('Single Family');
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const big = homes.filter((p) => p.livingSqft! > 2500);
    const small = homes.filter((p) => p.livingSqft! < 1200);
    expect(median(big.map((p) => p.beds!))).toBeGreaterThan(median(small.map((p) => p.beds!)));
    expect(median(big.map((p) => p.marketValue))).toBeGreaterThan(1.5 * median(small.map((p) => p.marketValue)));
    expect(median(homes.filter((p) => p.neighborhood === 'lake').map((p) => p.marketValue))).toBeGreaterThan(
      median(homes.filter((p) => p.neighborhood === 'downtown').map((p) => p.marketValue)),
    );
    for (const land of byType('Land')) expect([land.beds, land.livingSqft, land.yearBuilt]).toEqual([null, null, null]);
    for (const p of county.parcels) expect(p.assessedValue / p.marketValue).toBeCloseTo(0.32, 1);
    const freeAndClear = county.parcels.filter((p) => p.mortgageBalance === 0).length;
    expect(share(freeAndClear)).toBeGreaterThan(0.25);
    expect(share(freeAndClear)).toBeLessThan(0.6);
  });

  it('has owners of every kind, absentee ones for about 30 % of parcels, and portfolios', () => {
    const kinds = new Set(county.owners.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['bank', 'church', 'corporation', 'couple', 'estate', 'government', 'llc', 'person', 'trust']);
    const absentee = county.parcels.filter((p) => county.owners[p.ownerId]!.mailing !== p.address);
    expect(share(absentee.length)).toBeGreaterThan(0.27);
    expect(share(absentee.length)).toBeLessThan(0.35);
    const holdings = new Map<number, number>();
    for (const p of county.parcels) holdings.set(p.ownerId, (holdings.get(p.ownerId) ?? 0) + 1);
    expect([...holdings.values()].filter((n) => n >= 5).length).toBeGreaterThan(100);
    expect(Math.max(...holdings.values())).toBeGreaterThan(20);
  });

  it('gives owners only fiction phone numbers and reserved email domains, all of which the import accepts', () => {
    const phones = county.owners.flatMap((o) => o.phones);
    const emails = county.owners.flatMap((o) => o.emails);
    expect(phones.length).toBeGreaterThan(county.owners.length * 0.3);
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of new Set(phones)) {
      expect(phone).toMatch(/^\d{3}55501\d\d$/);
      expect(normalizePhone(phone).ok, phone).toBe(true);
    }
    for (const email of emails) {
      expect(email).toMatch(/@([a-z0-9]+\.)?example(\.(com|net|org))?$/);
      expect(normalizeEmail(email).ok, email).toBe(true);
    }
  });

  it('records three years of sales, the newest of each parcel being its last sale', () => {
    expect(county.sales.length).toBeGreaterThan(county.parcels.length * 0.1);
    expect(county.sales[0]!.date >= '2022-06-30').toBe(true);
    expect(county.sales.at(-1)!.date <= AS_OF).toBe(true);
    for (const year of ['2022', '2023', '2024', '2025'])
      expect(
        county.sales.some((s) => s.date.startsWith(year)),
        year,
      ).toBe(true);
    const newest = new Map<number, { date: string; price: number }>();
    for (const sale of county.sales) newest.set(sale.parcelIndex, sale);
    for (const [index, sale] of newest)
      expect([county.parcels[index]!.lastSaleDate, county.parcels[index]!.lastSalePrice]).toEqual([sale.date, sale.price]);
    // And no parcel claims a last sale in those three years that the sales do not record.
    const recent = county.parcels.filter((p) => p.lastSaleDate !== null && p.lastSaleDate > '2022-06-30');
    expect(recent.filter((p) => !newest.has(p.index))).toEqual([]);
  });

  it('puts parcels on overlapping distress lists in realistic shares', () => {
    const d = county.distress;
    expect(share(new Set(d.taxDelinquent).size)).toBeGreaterThan(0.06);
    expect(share(new Set(d.taxDelinquent).size)).toBeLessThan(0.1);
    for (const key of ['probate', 'preForeclosure', 'codeViolations', 'vacant'] as const) {
      expect(share(d[key].length), key).toBeGreaterThan(0.015);
      expect(share(d[key].length), key).toBeLessThan(0.07);
    }
    const stack = new Map<number, number>();
    for (const list of Object.values(d)) for (const i of new Set(list)) stack.set(i, (stack.get(i) ?? 0) + 1);
    const onAtLeast = (n: number) => [...stack.values()].filter((s) => s >= n).length;
    expect(onAtLeast(2)).toBeGreaterThan(500);
    expect(onAtLeast(3)).toBeGreaterThan(150);
    expect(onAtLeast(4)).toBeGreaterThan(20);
  });

  it('writes files the import reads in their layouts, every spelling matching the roll but the deliberate typos', () => {
    const keysOf = (file: (typeof files)[number]) => {
      const proposal = proposeMapping(file.header);
      expect(proposal.layout.name, file.key).toBe(file.layout);
      const { columns } = resolveColumns(file.header, proposal.mapping);
      return file.rows.map((row, i) => {
        const outcome = normalizeRow(i + 2, row, columns);
        if (!outcome.ok) throw new Error(`${file.fileName} row ${i + 2}: ${outcome.reasons.join('; ')}`);
        return outcome.row.address?.key ?? null;
      });
    };
    const [roll, ...lists] = files;
    const rollKeys = new Set(keysOf(roll!));
    expect(rollKeys.size).toBe(county.parcels.length);
    const unmatched = new Set(lists.flatMap((file) => keysOf(file).filter((key) => !rollKeys.has(key!))));
    expect(unmatched.size).toBe(lookAlikes);
    expect(lookAlikes).toBeGreaterThan(0);
    expect(lookAlikes).toBeLessThan(30);
    // Messy on purpose: the same parcel appears spelled more than one way.
    const spellings = new Set(
      files
        .flatMap((file) => file.rows.map((row) => row.join(' ')))
        .filter((text) => /\b(NORTH|North|north|Street|STREET|Apt\.|#)\b/.test(text)),
    );
    expect(spellings.size).toBeGreaterThan(100);
  });
});
