import { userIdOf, type Actor, type Principal } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { CRITERIA, DEFAULT_WEIGHTS, readMatchSettings } from './criteria.js';
import { reasonsOf, scoreBuyersForDeal, scoreDealsForBuyer } from './match-query.js';
import type { BuyerMatch, BuyerMatches, ExportBody, MatchQuery, MatchSettingsUpdate, MatchSettingsView, SuggestedDeals } from './schema.js';
import { DEFAULT_WEEKLY_SEND_CAP, readSentThisWeek, recordDealSends } from './sends.js';

const bandOf = (score: number) => (score >= 70 ? 'strong' : score >= 40 ? 'fair' : 'weak');

async function assertDeal(tx: Tx, dealId: string): Promise<void> {
  const [deal] = await tx.query('select 1 from deals where id = $1', [dealId]);
  if (!deal) throw notFound('Deal');
}

async function matchesIn(tx: Tx, dealId: string, query: MatchQuery): Promise<BuyerMatches> {
  await assertDeal(tx, dealId);
  const { weights } = await readMatchSettings(tx);
  const { pairs, total } = await scoreBuyersForDeal(tx, dealId, weights, { minScore: query.minScore ?? 0, limit: query.limit ?? 100 });
  const buyerIds = pairs.map((pair) => pair.buyerId);
  const [details, sends, sentDeal] = await Promise.all([
    tx.query<{
      id: string;
      name: string;
      company: string | null;
      email: string | null;
      phone: string | null;
      tier: BuyerMatch['tier'];
      box_id: string;
      box_name: string | null;
    }>(
      `select b.id, b.name, b.company, b.email, b.phone, b.tier, x.id as box_id, x.name as box_name
         from buyers b join buy_boxes x on x.tenant_id = b.tenant_id and x.buyer_id = b.id
        where x.id = any($1::uuid[])`,
      [pairs.map((pair) => pair.boxId)],
    ),
    readSentThisWeek(tx, buyerIds),
    tx.query<{ buyer_id: string }>('select distinct buyer_id from buyer_deal_sends where deal_id = $1 and buyer_id = any($2::uuid[])', [
      dealId,
      buyerIds,
    ]),
  ]);
  const byBox = new Map(details.map((row) => [row.box_id, row]));
  const sentThisDeal = new Set(sentDeal.map((row) => row.buyer_id));
  return {
    total,
    items: pairs.map((pair) => {
      const buyer = byBox.get(pair.boxId)!;
      const counts = sends.get(pair.buyerId);
      return {
        buyerId: pair.buyerId,
        score: pair.score,
        band: bandOf(pair.score),
        reasons: reasonsOf(pair.statuses, weights),
        boxId: pair.boxId,
        boxName: buyer.box_name,
        name: buyer.name,
        company: buyer.company,
        email: buyer.email,
        phone: buyer.phone,
        tier: buyer.tier,
        sentThisWeek: counts?.sentThisWeek ?? 0,
        weeklyCap: counts?.weeklyCap ?? DEFAULT_WEEKLY_SEND_CAP,
        sentThisDeal: sentThisDeal.has(pair.buyerId),
      };
    }),
  };
}

export function matchBuyers(db: Database, principal: Principal, dealId: string, query: MatchQuery): Promise<BuyerMatches> {
  return db.withTenant(principal.tenantId, (tx) => matchesIn(tx, dealId, query));
}

export function suggestDeals(db: Database, principal: Principal, buyerId: string, query: MatchQuery): Promise<SuggestedDeals> {
  return db.withTenant(principal.tenantId, async (tx) => {
    const [buyer] = await tx.query('select 1 from buyers where id = $1', [buyerId]);
    if (!buyer) throw notFound('Buyer');
    const { weights } = await readMatchSettings(tx);
    const { pairs, total } = await scoreDealsForBuyer(tx, buyerId, weights, { minScore: query.minScore ?? 0, limit: query.limit ?? 100 });
    const facts = await tx.query<{
      id: string;
      title: string;
      deal_type: SuggestedDeals['items'][number]['dealType'];
      address_line1: string | null;
      city: string | null;
      state: string | null;
      zip: string | null;
      price: number | null;
      arv: number | null;
      sent: boolean;
    }>(
      `select d.id, d.title, d.deal_type, p.address_line1, p.city, p.state, p.zip,
              coalesce(d.buyer_price, d.contract_price, d.asking_price, d.mao)::float8 as price, d.arv::float8 as arv,
              exists (select 1 from buyer_deal_sends s where s.tenant_id = d.tenant_id and s.deal_id = d.id and s.buyer_id = $2) as sent
         from deals d join parcels p on p.tenant_id = d.tenant_id and p.id = d.parcel_id
        where d.id = any($1::uuid[])`,
      [pairs.map((pair) => pair.dealId), buyerId],
    );
    const byDeal = new Map(facts.map((row) => [row.id, row]));
    return {
      total,
      items: pairs.map((pair) => {
        const deal = byDeal.get(pair.dealId)!;
        return {
          dealId: pair.dealId,
          score: pair.score,
          band: bandOf(pair.score),
          reasons: reasonsOf(pair.statuses, weights),
          boxId: pair.boxId,
          title: deal.title,
          dealType: deal.deal_type,
          address: deal.address_line1,
          city: deal.city,
          state: deal.state,
          zip: deal.zip,
          price: deal.price,
          arv: deal.arv,
          sent: deal.sent,
        };
      }),
    };
  });
}

export const EXPORT_COLUMNS = ['name', 'company', 'email', 'phone', 'tier', 'score', 'boxName', 'sentThisWeek', 'weeklyCap'] as const;

/**
 * The matched buyers of a deal for a blast outside the product: each exported buyer
 * counts the deal as sent, so buyers at their weekly cap are left out unless asked for.
 */
export function exportMatches(
  db: Database,
  principal: Principal,
  actor: Actor,
  dealId: string,
  body: ExportBody,
): Promise<{ rows: BuyerMatch[]; overCap: number }> {
  return db.withTenant(principal.tenantId, async (tx) => {
    const matches = await matchesIn(tx, dealId, { minScore: body.minScore ?? 40, limit: 1000 });
    const chosen = body.buyerIds ? new Set(body.buyerIds) : null;
    const candidates = matches.items.filter((match) => !chosen || chosen.has(match.buyerId));
    const { sent, overCap } = await recordDealSends(tx, {
      dealId,
      buyerIds: candidates.map((match) => match.buyerId),
      channel: 'export',
      sentBy: userIdOf(actor),
      allowOverCap: body.includeOverCap === true,
    });
    const exported = new Set(body.includeOverCap ? [...sent, ...overCap] : sent);
    const rows = candidates.filter((match) => exported.has(match.buyerId));
    await recordAudit(tx, actor, {
      action: 'deal.buyers_exported',
      entityType: 'deal',
      entityId: dealId,
      after: { buyers: rows.length, overCap: overCap.length },
    });
    return { rows, overCap: overCap.length };
  });
}

const settingsView = (weights: MatchSettingsView['weights'], weeklySendCap: number): MatchSettingsView => ({
  weights,
  weeklySendCap,
  defaults: { weights: DEFAULT_WEIGHTS, weeklySendCap: DEFAULT_WEEKLY_SEND_CAP },
});

export function getMatchSettings(db: Database, principal: Principal): Promise<MatchSettingsView> {
  return db.withTenant(principal.tenantId, async (tx) => {
    const settings = await readMatchSettings(tx);
    return settingsView(settings.weights, settings.weeklySendCap);
  });
}

export function updateMatchSettings(
  db: Database,
  principal: Principal,
  actor: Actor,
  body: MatchSettingsUpdate,
): Promise<MatchSettingsView> {
  return db.withTenant(principal.tenantId, async (tx) => {
    const before = await readMatchSettings(tx);
    const weights = { ...before.weights, ...body.weights };
    if (CRITERIA.every((criterion) => weights[criterion] === 0)) throw new AppError('validation', 'At least one criterion needs a weight');
    const weeklySendCap = body.weeklySendCap ?? before.weeklySendCap;
    await tx.query(
      `insert into buyer_match_settings (weights, weekly_send_cap) values ($1, $2)
       on conflict (tenant_id) do update set weights = excluded.weights, weekly_send_cap = excluded.weekly_send_cap, updated_at = now()`,
      [JSON.stringify(weights), weeklySendCap],
    );
    await recordAudit(tx, actor, {
      action: 'buyer_matching.settings_updated',
      entityType: 'tenant',
      entityId: principal.tenantId,
      before: { ...before },
      after: { weights, weeklySendCap },
    });
    return settingsView(weights, weeklySendCap);
  });
}
