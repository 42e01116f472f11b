import type { Actor } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { normalizeRow, type FieldColumns } from '../imports/normalize-row.js';
import type { CreatePropertyBody, PropertyEdit } from './schema.js';
import { refreshParcelSearch } from './service.js';

export const PROPERTY_CREATED = 'property.created';
export const PROPERTY_EDITED = 'property.edited';

/** Fields a person may set on a property, by API name, with their columns. */
const EDITABLE_COLUMNS = {
  apn: 'apn',
  county: 'county',
  propertyType: 'property_type',
  beds: 'beds',
  baths: 'baths',
  livingSqft: 'living_sqft',
  lotSqft: 'lot_sqft',
  yearBuilt: 'year_built',
  assessedValue: 'assessed_value',
  marketValue: 'market_value',
  lastSaleDate: 'last_sale_date',
  lastSalePrice: 'last_sale_price',
  mortgageBalance: 'mortgage_balance',
  taxOwed: 'tax_owed',
  occupancy: 'occupancy',
} as const satisfies Record<keyof PropertyEdit, string>;

/** Where a value typed by a person came from, as provenance and history name it. */
const sourceOf = (actor: Actor) => `edited by ${actor.label}`;

const ADDRESS_COLUMNS: FieldColumns = { situs_address: 0, situs_city: 1, situs_state: 2, situs_zip: 3 };

/**
 * Adds a property from an address, normalized as an import row is. An address that
 * names a delivery point the tenant has already is not added twice: the answer is a
 * 409 naming the property it is.
 */
export async function createProperty(db: Database, tenantId: string, actor: Actor, body: CreatePropertyBody): Promise<{ id: string }> {
  const outcome = normalizeRow(1, [body.address, body.city ?? '', body.state ?? '', body.zip ?? ''], ADDRESS_COLUMNS);
  const address = outcome.ok ? outcome.row.address : null;
  if (!address?.key) {
    const reasons = outcome.ok ? ['the address names no house number or box'] : outcome.reasons;
    throw new AppError('validation', `The address cannot be used: ${reasons.join('; ')}`, reasons);
  }
  const source = sourceOf(actor);
  return db.withTenant(tenantId, async (tx) => {
    const [existing] = await tx.query<{ id: string }>('select id from parcels where address_key = $1 limit 1', [address.key]);
    if (existing) throw new AppError('conflict', 'This address is a property of the team already', { propertyId: existing.id });
    const [created] = await tx.query<{ id: string }>(
      `insert into parcels (address_number, address_predirectional, address_street, address_suffix, address_postdirectional,
                            address_unit_type, address_unit_number, city, state, zip, zip4, address_line1, address_key, source)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) returning id`,
      [
        address.number,
        address.predirectional,
        address.street,
        address.suffix,
        address.postdirectional,
        address.unitType,
        address.unitNumber,
        address.city,
        address.state,
        address.zip,
        address.zip4,
        address.line1 ?? null,
        address.key,
        source,
      ],
    );
    const id = created!.id;
    if (body.fields && Object.keys(body.fields).length > 0) await writeEdits(tx, id, source, body.fields, false);
    await refreshParcelSearch(tx, [id]);
    await recordAudit(tx, actor, {
      action: 'property.created',
      entityType: 'property',
      entityId: id,
      after: { address: address.line1, ...body.fields },
    });
    await publishEvent(tx, {
      type: PROPERTY_CREATED,
      payload: { propertyId: id, address: address.line1 ?? null },
      requestId: actor.requestId,
      actor,
    });
    return { id };
  });
}

/**
 * Writes a person's values into a parcel: each changed field's provenance becomes
 * this source, and the value it replaces goes to the field history with the source
 * and time it had, as an import's would. Returns the changed fields, before and after.
 */
async function writeEdits(
  tx: Tx,
  parcelId: string,
  source: string,
  edit: PropertyEdit,
  recordHistory: boolean,
): Promise<Record<string, [unknown, unknown]>> {
  const [current] = await tx.query<
    Record<string, unknown> & { provenance: Record<string, { source?: string; at?: string }>; source: string; created_at: Date }
  >(
    `select ${Object.values(EDITABLE_COLUMNS)
      .map((column) => `${column}::text as ${column}`)
      .join(', ')}, provenance, source, created_at
       from parcels where id = $1 for update`,
    [parcelId],
  );
  if (!current) throw notFound('Property');
  const changes: Record<string, [unknown, unknown]> = {};
  const sets: string[] = [];
  const changed: string[] = [];
  const params: unknown[] = [parcelId, source];
  for (const [field, column] of Object.entries(EDITABLE_COLUMNS) as [keyof PropertyEdit, string][]) {
    const value = edit[field];
    if (value === undefined) continue;
    const before = current[column] as string | null;
    const after = value === null ? null : String(value);
    // Stored numerics come back as text ("3.0" for 3): compare them as numbers.
    const same = before === after || (before !== null && after !== null && typeof value === 'number' && Number(before) === value);
    if (same) continue;
    changes[field] = [before, value];
    params.push(value);
    sets.push(`${column} = $${params.length}`);
    if (recordHistory && before !== null) {
      const origin = current.provenance[column];
      await tx.query(
        'insert into parcel_field_values (parcel_id, field, value, source, observed_at) values ($1, $2, to_jsonb($3::text), $4, $5)',
        [parcelId, column, before, origin?.source ?? current.source, origin?.at ?? current.created_at],
      );
    }
    changed.push(column);
  }
  if (changed.length === 0) return changes;
  const provenance = changed.map((column) => `'${column}', jsonb_build_object('source', $2::text, 'at', now())`).join(', ');
  await tx.query(
    `update parcels set ${sets.join(', ')}, provenance = provenance || jsonb_build_object(${provenance}), updated_at = now() where id = $1`,
    params,
  );
  return changes;
}

/** Edits a property's fields by hand ("edited by" the member in each field's provenance). */
export async function editProperty(db: Database, tenantId: string, actor: Actor, parcelId: string, edit: PropertyEdit): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const changes = await writeEdits(tx, parcelId, sourceOf(actor), edit, true);
    if (Object.keys(changes).length === 0) return;
    await refreshParcelSearch(tx, [parcelId]);
    await recordAudit(tx, actor, {
      action: 'property.edited',
      entityType: 'property',
      entityId: parcelId,
      before: Object.fromEntries(Object.entries(changes).map(([field, [before]]) => [field, before])),
      after: Object.fromEntries(Object.entries(changes).map(([field, [, after]]) => [field, after])),
    });
    await publishEvent(tx, {
      type: PROPERTY_EDITED,
      payload: { propertyId: parcelId, fields: Object.keys(changes), changes },
      requestId: actor.requestId,
      actor,
    });
  });
}
