import type { Tx } from '../../platform/db/database.js';

export type SendChannel = 'deal_sheet' | 'export' | 'email' | 'sms';

/** The tenant's cap when neither the buyer nor the tenant settings name one. */
export const DEFAULT_WEEKLY_SEND_CAP = 3;

export interface SentThisWeek {
  buyerId: string;
  /** Distinct deals sent to this buyer in the last 7 days, whatever the channel. */
  sentThisWeek: number;
  weeklyCap: number;
}

async function tenantCap(tx: Tx): Promise<number> {
  const rows = await tx.query<{ weekly_send_cap: number }>('select weekly_send_cap from buyer_match_settings');
  return rows[0]?.weekly_send_cap ?? DEFAULT_WEEKLY_SEND_CAP;
}

/** Sent-this-week counts and caps for the given buyers (unknown ids are left out). */
export async function readSentThisWeek(tx: Tx, buyerIds: readonly string[]): Promise<Map<string, SentThisWeek>> {
  const result = new Map<string, SentThisWeek>();
  if (buyerIds.length === 0) return result;
  const fallback = await tenantCap(tx);
  const rows = await tx.query<{ id: string; cap: number | null; sent: number }>(
    `select b.id, b.weekly_send_cap as cap,
            (select count(distinct s.deal_id)::int from buyer_deal_sends s
              where s.tenant_id = b.tenant_id and s.buyer_id = b.id and s.sent_at > now() - interval '7 days') as sent
       from buyers b where b.id = any($1::uuid[])`,
    [buyerIds],
  );
  for (const row of rows) {
    result.set(row.id, { buyerId: row.id, sentThisWeek: row.sent, weeklyCap: row.cap ?? fallback });
  }
  return result;
}

/**
 * Records that a deal went to buyers, within each buyer's weekly cap: a deal counts
 * once per buyer per rolling 7 days, so resending it never uses up the cap. Buyers
 * at their cap get no row unless `allowOverCap`. The buyer rows are locked in id
 * order so concurrent sends see each other's counts and cannot deadlock. Ids of
 * buyers that do not exist (or belong to another tenant) are ignored.
 */
export async function recordDealSends(
  tx: Tx,
  input: {
    dealId: string;
    buyerIds: string[];
    channel: SendChannel;
    sentBy: string | null;
    allowOverCap?: boolean;
  },
): Promise<{ sent: string[]; overCap: string[] }> {
  const ids = [...new Set(input.buyerIds)].sort();
  if (ids.length === 0) return { sent: [], overCap: [] };
  const fallback = await tenantCap(tx);
  const locked = await tx.query<{ id: string; cap: number | null }>(
    'select id, weekly_send_cap as cap from buyers where id = any($1::uuid[]) order by id for update',
    [ids],
  );
  const counts = await tx.query<{ buyer_id: string; sent: number; has_deal: boolean }>(
    `select buyer_id, count(distinct deal_id)::int as sent, bool_or(deal_id = $2) as has_deal
       from buyer_deal_sends
      where buyer_id = any($1::uuid[]) and sent_at > now() - interval '7 days'
      group by buyer_id`,
    [ids, input.dealId],
  );
  const byBuyer = new Map(counts.map((row) => [row.buyer_id, row]));
  const sent: string[] = [];
  const overCap: string[] = [];
  for (const buyer of locked) {
    const count = byBuyer.get(buyer.id);
    const cap = buyer.cap ?? fallback;
    const alreadyCounted = count?.has_deal === true;
    if (alreadyCounted || (count?.sent ?? 0) < cap) sent.push(buyer.id);
    else overCap.push(buyer.id);
  }
  const toInsert = input.allowOverCap === true ? [...sent, ...overCap].sort() : sent;
  if (toInsert.length > 0) {
    await tx.query(
      `insert into buyer_deal_sends (buyer_id, deal_id, channel, sent_by)
       select unnest($1::uuid[]), $2, $3, $4`,
      [toInsert, input.dealId, input.channel, input.sentBy],
    );
  }
  return { sent, overCap };
}
