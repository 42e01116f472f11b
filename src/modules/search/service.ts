import type { Database } from '../../platform/db/database.js';
import { foldSearchText, searchConditionOf } from '../properties/search.js';
import type { SearchQuery, SearchResult } from './schema.js';

interface Row {
  id: string;
  title: string;
  subtitle: string | null;
  property_id: string | null;
  deal_id: string | null;
}

/**
 * Everything the command palette finds for one query: properties through their
 * maintained search column (address, APN, owners, phones, e-mails), the owners of
 * those properties whose names match, the deals on those properties, and the leads
 * and deal contacts whose names, phones, e-mails or addresses contain every word.
 * Leads and contacts are team-sized tables; properties, their owners and deals go
 * through the property index. Row-level security leaves out what the caller may not see.
 */
export async function searchEverything(db: Database, tenantId: string, query: SearchQuery): Promise<{ items: SearchResult[] }> {
  const words = foldSearchText(query.q).match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return { items: [] };
  const limit = query.limit ?? 5;
  const search = searchConditionOf(query.q);
  const n = search.values.length;
  let at = 0;
  // Parameters $1…$n are the search's; each statement takes only the others it uses.
  const matching = search.indexed.replace(/\?/g, () => `$${++at}`);
  const likes = words.map((word) => `%${word}%`);
  const digits = query.q.replace(/\D/g, '');
  const phone = digits.length >= 4 ? `%${digits}%` : null;
  /** Text of a row, folded, that every word must occur in ($1), or whose phone has the digits typed ($2). */
  const contains = (text: string, phoneColumn: string) =>
    `(fold_search_text(${text}) like all($1::text[]) or ($2::text is not null and regexp_replace(coalesce(${phoneColumn}, ''), '\\D', '', 'g') like $2))`;
  const rows = await db.withTenant(tenantId, async (tx) => {
    const properties = await tx.query<Row>(
      `select p.id, concat_ws(', ', p.address_line1, p.city) as title, concat_ws(' ', p.state, p.zip) as subtitle,
              p.id as property_id, null::uuid as deal_id
         from parcels p where ${matching} order by p.stack_count desc, p.id limit $${n + 1}`,
      [...search.values, limit],
    );
    const owners = await tx.query<Row>(
      `select distinct on (o.id) o.id, o.display_name as title, concat_ws(', ', p.address_line1, p.city) as subtitle,
              p.id as property_id, null::uuid as deal_id
         from parcels p
         join parcel_owners po on po.tenant_id = p.tenant_id and po.parcel_id = p.id
         join owners o on o.tenant_id = po.tenant_id and o.id = po.owner_id
        where ${matching} and fold_search_text(o.display_name) like all($${n + 1}::text[])
        order by o.id limit $${n + 2}`,
      [...search.values, likes, limit],
    );
    const leads = await tx.query<Row>(
      `select l.id, coalesce(l.name, l.email, l.phone, 'Lead') as title, concat_ws(' · ', l.address, l.source) as subtitle,
              l.parcel_id as property_id, null::uuid as deal_id
         from leads l
        where ${contains("concat_ws(' ', l.name, l.email, l.phone, l.address)", 'l.phone')}
        order by l.created_at desc limit $3`,
      [likes, phone, limit],
    );
    const deals = await tx.query<Row>(
      `select d.id, d.title, s.name as subtitle, d.parcel_id as property_id, d.id as deal_id
         from deals d join pipeline_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
        where d.parcel_id in (select p.id from parcels p where ${matching})
        order by d.updated_at desc limit $${n + 1}`,
      [...search.values, limit],
    );
    const contacts = await tx.query<Row>(
      `select c.id, c.name as title, concat_ws(' · ', c.role, d.title) as subtitle, d.parcel_id as property_id, d.id as deal_id
         from deal_contacts c join deals d on d.tenant_id = c.tenant_id and d.id = c.deal_id
        where c.owner_id is null and ${contains("concat_ws(' ', c.name, c.email, c.phone)", 'c.phone')}
        order by c.created_at desc limit $3`,
      [likes, phone, limit],
    );
    return [
      ...properties.map((row) => ({ type: 'property' as const, row })),
      ...owners.map((row) => ({ type: 'owner' as const, row })),
      ...leads.map((row) => ({ type: 'lead' as const, row })),
      ...deals.map((row) => ({ type: 'deal' as const, row })),
      ...contacts.map((row) => ({ type: 'contact' as const, row })),
    ];
  });
  return {
    items: rows.map(({ type, row }) => ({
      type,
      id: row.id,
      title: row.title || 'Untitled',
      subtitle: row.subtitle || null,
      propertyId: row.property_id,
      dealId: row.deal_id,
    })),
  };
}
