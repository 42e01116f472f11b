import { generateKeyBetween } from 'fractional-indexing';
import { userIdOf, type Actor, type Principal } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import {
  afterPositionOf,
  decodeCursor,
  encodeCursor,
  keyColumnsOf,
  keysOfRow,
  orderByOf,
  type KeysetOrder,
} from '../../platform/db/keyset.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { auditDiff, recordAudit } from '../audit/record-audit.js';
import { markLeadConverted } from '../leads/service.js';
import { assertAssignable } from '../users/service.js';
import { valueProperty } from '../valuation/service.js';
import { addOwnerContacts } from './offers-and-contacts.js';
import { readPipeline } from './pipelines.js';
import {
  DEAL_SORTS,
  type BoardQuery,
  type CreateDealBody,
  Deal,
  DealDetail,
  type DealQuery,
  type Stage,
  type UpdateDealBody,
} from './schema.js';
import { DEAL_CREATED, DEAL_UPDATED, recordStageChange } from './stage-changes.js';

const DAY_MS = 86_400_000;

/** The default pipelines (Acquisitions, Dispositions) of a new tenant, in its transaction. */
export async function seedDefaultPipelines(tx: Tx): Promise<void> {
  await tx.query('select seed_default_pipelines(current_tenant_id())');
}

export interface DealRow {
  id: string;
  parcel_id: string;
  lead_id: string | null;
  pipeline_id: string;
  stage_id: string;
  stage_kind: Stage['kind'];
  rotting_days: number | null;
  position: string;
  stage_entered_at: Date;
  assignee_id: string | null;
  title: string;
  address: string | null;
  owner_name: string | null;
  score: number | null;
  deal_type: Deal['dealType'];
  source: string | null;
  temperature: Deal['temperature'];
  asking_price: number | null;
  contract_price: number | null;
  expected_close_date: string | null;
  expected_profit: number | null;
  arv: number | null;
  mao: number | null;
  tags: string[];
  lost_reason: string | null;
  next_task_due_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * What a card and the deal page show, over `deals d`: its stage, the property's
 * address, first owner and score, and the next open task's due time.
 */
export const DEAL_COLUMNS = `d.id, d.parcel_id, d.lead_id, d.pipeline_id, d.stage_id, s.kind as stage_kind, s.rotting_days,
  d.position, d.stage_entered_at, d.assignee_id, d.title, d.deal_type, d.source, d.temperature,
  d.asking_price::float8 as asking_price, d.contract_price::float8 as contract_price,
  to_char(d.expected_close_date, 'YYYY-MM-DD') as expected_close_date, d.expected_profit::float8 as expected_profit,
  d.arv::float8 as arv, d.mao::float8 as mao, d.tags, d.lost_reason, d.created_at, d.updated_at,
  concat_ws(', ', p.address_line1, p.city) as address,
  (select o.display_name from parcel_owners po join owners o on o.tenant_id = po.tenant_id and o.id = po.owner_id
    where po.tenant_id = d.tenant_id and po.parcel_id = d.parcel_id order by o.display_name limit 1) as owner_name,
  (select ps.score from parcel_scores ps where ps.tenant_id = d.tenant_id and ps.parcel_id = d.parcel_id) as score,
  (select min(t.due_at) from tasks t where t.tenant_id = d.tenant_id and t.deal_id = d.id and t.done_at is null) as next_task_due_at`;
export const DEAL_JOINS = `join pipeline_stages s on s.tenant_id = d.tenant_id and s.id = d.stage_id
  join parcels p on p.tenant_id = d.tenant_id and p.id = d.parcel_id`;

export function presentDeal(row: DealRow, now = Date.now()): Deal {
  const daysInStage = Math.floor((now - row.stage_entered_at.getTime()) / DAY_MS);
  return {
    id: row.id,
    propertyId: row.parcel_id,
    leadId: row.lead_id,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    stageKind: row.stage_kind,
    position: row.position,
    stageEnteredAt: row.stage_entered_at.toISOString(),
    daysInStage,
    rotting: row.stage_kind === 'open' && row.rotting_days !== null && daysInStage >= row.rotting_days,
    assigneeId: row.assignee_id,
    title: row.title,
    address: row.address || null,
    ownerName: row.owner_name,
    score: row.score,
    dealType: row.deal_type,
    source: row.source,
    temperature: row.temperature,
    askingPrice: row.asking_price,
    contractPrice: row.contract_price,
    expectedCloseDate: row.expected_close_date,
    expectedProfit: row.expected_profit,
    arv: row.arv,
    mao: row.mao,
    tags: row.tags,
    lostReason: row.lost_reason,
    nextTaskDueAt: row.next_task_due_at?.toISOString() ?? null,
    needsNextAction: row.stage_kind === 'open' && row.next_task_due_at === null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A deal as its card; `forUpdate` also takes its row lock, in the same read. */
async function readDeal(tx: Tx, dealId: string, options: { forUpdate?: boolean } = {}): Promise<DealRow> {
  const lock = options.forUpdate ? 'for update of d' : '';
  const [row] = await tx.query<DealRow>(`select ${DEAL_COLUMNS} from deals d ${DEAL_JOINS} where d.id = $1 ${lock}`, [dealId]);
  if (!row) throw notFound('Deal');
  return row;
}

interface StageTarget {
  pipelineId: string;
  stage: Stage;
}

/** The stage a deal goes to: the one named, else the first open stage of the pipeline named, else of the first pipeline. */
async function resolveStage(tx: Tx, pipelineId: string | undefined, stageId: string | undefined): Promise<StageTarget> {
  const [row] = await tx.query<{
    id: string;
    pipeline_id: string;
    name: string;
    position: number;
    probability: number;
    kind: Stage['kind'];
    rotting_days: number | null;
  }>(
    `select s.id, s.pipeline_id, s.name, s.position, s.probability, s.kind, s.rotting_days
       from pipeline_stages s join pipelines p on p.tenant_id = s.tenant_id and p.id = s.pipeline_id
      where ($1::uuid is null or s.id = $1) and ($2::uuid is null or s.pipeline_id = $2) and ($1::uuid is not null or s.kind = 'open')
      order by p.position, p.name, s.position limit 1`,
    [stageId ?? null, pipelineId ?? null],
  );
  if (!row) {
    if (stageId) throw new AppError('validation', pipelineId ? 'The stage is not a stage of that pipeline' : 'No such stage');
    throw new AppError(
      'validation',
      pipelineId ? 'No such pipeline, or it has no open stage' : 'The tenant has no pipeline with an open stage',
    );
  }
  const stage = {
    id: row.id,
    name: row.name,
    position: row.position,
    probability: row.probability,
    kind: row.kind,
    rottingDays: row.rotting_days,
    dealCount: 0,
  };
  return { pipelineId: row.pipeline_id, stage };
}

/**
 * The fractional position right below `afterDealId` in a column (null: at the top).
 * The card below is read from the column itself, so two people placing cards at
 * once never need the client's view of the column to be current.
 */
async function positionIn(tx: Tx, stageId: string, afterDealId: string | null, movingDealId: string | null): Promise<string> {
  // The card above (when named) and the one below it, in one read.
  const [row] = await tx.query<{ after_found: boolean; lower: string | null; upper: string | null }>(
    `with above as (select position from deals where $2::uuid is not null and id = $2 and stage_id = $1)
     select exists (select 1 from above) as after_found, (select position from above) as lower,
            (select position from deals
              where stage_id = $1 and ($3::uuid is null or id <> $3)
                and (not exists (select 1 from above) or position > (select position from above) collate "C")
              order by position limit 1) as upper`,
    [stageId, afterDealId, movingDealId],
  );
  if (afterDealId && !row!.after_found) throw new AppError('validation', 'afterDealId is not a card of the target column');
  return generateKeyBetween(row!.lower, row!.upper);
}

function checkLostReason(stage: Stage, lostReason: string | null | undefined): void {
  if (stage.kind === 'lost' && !lostReason?.trim()) {
    throw new AppError('validation', `A deal moved to ${stage.name} needs a lost reason`);
  }
}

/** The valuation's ARV and MAO of a property now, or nothing when it cannot be valued. */
async function valuationSnapshot(db: Database, tenantId: string, parcelId: string) {
  const valuation = await valueProperty(db, tenantId, parcelId);
  return { arv: valuation.arv?.value ?? null, mao: valuation.offer?.maximumAllowableOffer ?? null };
}

export async function createDeal(db: Database, principal: Principal, actor: Actor, body: CreateDealBody): Promise<Deal> {
  const { tenantId } = principal;
  const snapshot = await valuationSnapshot(db, tenantId, body.propertyId);
  return db.withTenant(tenantId, async (tx) => {
    const [parcel] = await tx.query<{ address_line1: string | null; city: string | null }>(
      'select address_line1, city from parcels where id = $1',
      [body.propertyId],
    );
    if (!parcel) throw notFound('Property');
    let leadSource: string | null = null;
    if (body.leadId) {
      const [lead] = await tx.query<{ source: string; parcel_id: string | null }>('select source, parcel_id from leads where id = $1', [
        body.leadId,
      ]);
      if (!lead) throw notFound('Lead');
      if (lead.parcel_id && lead.parcel_id !== body.propertyId) throw new AppError('validation', 'The lead is about another property');
      leadSource = lead.source;
    }
    const target = await resolveStage(tx, body.pipelineId, body.stageId);
    if (target.stage.kind === 'lost') throw new AppError('validation', 'A new deal cannot start in a lost stage');
    const assigneeId = body.assigneeId === undefined ? (principal.type === 'user' ? principal.userId : null) : body.assigneeId;
    await assertAssignable(tx, principal, assigneeId);
    const position = await positionIn(tx, target.stage.id, null, null);
    const title = body.title?.trim() || [parcel.address_line1, parcel.city].filter(Boolean).join(', ') || 'Deal';
    const [created] = await tx.query<{ id: string }>(
      `insert into deals (parcel_id, lead_id, pipeline_id, stage_id, position, assignee_id, title, deal_type, source, temperature,
                          asking_price, contract_price, expected_close_date, expected_profit, arv, mao, tags, created_by)
       values ($1, $2, $3, $4, $5, $6, $7, coalesce($8, 'wholesale'), $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       returning id`,
      [
        body.propertyId,
        body.leadId ?? null,
        target.pipelineId,
        target.stage.id,
        position,
        assigneeId,
        title,
        body.dealType ?? null,
        body.source === undefined ? leadSource : body.source,
        body.temperature ?? null,
        body.askingPrice ?? null,
        body.contractPrice ?? null,
        body.expectedCloseDate ?? null,
        body.expectedProfit ?? null,
        snapshot.arv,
        snapshot.mao,
        uniqueTags(body.tags ?? []),
        userIdOf(actor),
      ],
    );
    const dealId = created!.id;
    await addOwnerContacts(tx, dealId, body.propertyId);
    if (body.leadId) await markLeadConverted(tx, actor, body.leadId);
    await recordStageChange(tx, actor, {
      dealId,
      propertyId: body.propertyId,
      leadId: body.leadId ?? null,
      assigneeId,
      pipelineId: target.pipelineId,
      from: null,
      to: target.stage.id,
    });
    const deal = presentDeal(await readDeal(tx, dealId));
    await recordAudit(tx, actor, { action: 'deal.created', entityType: 'deal', entityId: dealId, after: deal });
    await publishEvent(tx, {
      type: DEAL_CREATED,
      payload: {
        dealId,
        propertyId: deal.propertyId,
        leadId: deal.leadId,
        assigneeId: deal.assigneeId,
        pipelineId: deal.pipelineId,
        stageId: deal.stageId,
      },
      requestId: actor.requestId,
      actor,
    });
    return deal;
  });
}

const uniqueTags = (tags: readonly string[]) => [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort();

/** The columns a PATCH may set, by body field. */
const EDITABLE: Record<string, string> = {
  title: 'title',
  dealType: 'deal_type',
  source: 'source',
  temperature: 'temperature',
  askingPrice: 'asking_price',
  contractPrice: 'contract_price',
  expectedCloseDate: 'expected_close_date',
  expectedProfit: 'expected_profit',
  lostReason: 'lost_reason',
  assigneeId: 'assignee_id',
  tags: 'tags',
};

/**
 * Edits a deal and moves its card: to another stage (recorded with who, when, from
 * and to), to another pipeline, or within its column (afterDealId).
 */
export function updateDeal(db: Database, principal: Principal, actor: Actor, dealId: string, body: UpdateDealBody): Promise<Deal> {
  return db.withTenant(principal.tenantId, (tx) => updateDealIn(tx, principal, actor, dealId, body));
}

/** Edits or moves a deal in the caller's transaction, for changes that go with others (an accepted buyer offer). */
export async function updateDealIn(tx: Tx, principal: Principal, actor: Actor, dealId: string, body: UpdateDealBody): Promise<Deal> {
  // Row lock with the read: two moves of one card at once apply one after the other, each from what the other left.
  const before = await readDeal(tx, dealId, { forUpdate: true });
  const sets: string[] = [];
  const params: unknown[] = [dealId];
  const set = (column: string, value: unknown) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  for (const [field, column] of Object.entries(EDITABLE)) {
    const value = (body as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (field === 'assigneeId') await assertAssignable(tx, principal, value as string | null);
    set(column, field === 'tags' ? uniqueTags(value as string[]) : field === 'title' ? (value as string).trim() : value);
  }
  const moving = body.stageId !== undefined || body.pipelineId !== undefined;
  let target: StageTarget | null = null;
  if (moving) {
    target = await resolveStage(tx, body.pipelineId, body.stageId);
    const lostReason = body.lostReason === undefined ? before.lost_reason : body.lostReason;
    checkLostReason(target.stage, lostReason);
  }
  const stageId = target?.stage.id ?? before.stage_id;
  const stageChanged = stageId !== before.stage_id;
  if (stageChanged || body.afterDealId !== undefined) {
    if (body.afterDealId === dealId) throw new AppError('validation', 'A card cannot be placed below itself');
    set('position', await positionIn(tx, stageId, body.afterDealId ?? null, dealId));
  }
  if (stageChanged) {
    set('stage_id', stageId);
    set('pipeline_id', target!.pipelineId);
    sets.push('stage_entered_at = now()');
  }
  if (sets.length === 0) return presentDeal(before);
  sets.push('updated_at = now()');
  // The card as it is now, read from the update's own result.
  const [after] = await tx.query<DealRow>(
    `with d as (update deals set ${sets.join(', ')} where id = $1 returning *) select ${DEAL_COLUMNS} from d ${DEAL_JOINS}`,
    params,
  );
  if (!after) throw notFound('Deal');
  if (stageChanged) {
    await recordStageChange(tx, actor, {
      dealId,
      propertyId: after.parcel_id,
      leadId: after.lead_id,
      assigneeId: after.assignee_id,
      pipelineId: target!.pipelineId,
      from: before.stage_id,
      to: stageId,
    });
  }
  const beforeView = presentDeal(before);
  const afterView = presentDeal(after);
  const changes = auditDiff(editableView(beforeView), editableView(afterView));
  await recordAudit(tx, actor, {
    action: stageChanged ? 'deal.stage_changed' : 'deal.updated',
    entityType: 'deal',
    entityId: dealId,
    before: beforeView,
    after: afterView,
  });
  // A stage change is its own event; the new place in the new column is part of it.
  const fields = Object.keys(changes).filter((field) => !(stageChanged && field === 'position'));
  if (fields.length > 0) {
    await publishEvent(tx, {
      type: DEAL_UPDATED,
      payload: { dealId, propertyId: after.parcel_id, assigneeId: after.assignee_id, fields, changes },
      requestId: actor.requestId,
      actor,
    });
  }
  return afterView;
}

/** The fields people edit, for the change set of an update event (not derived ones such as days in stage). */
function editableView(deal: Deal) {
  return {
    title: deal.title,
    dealType: deal.dealType,
    source: deal.source,
    temperature: deal.temperature,
    askingPrice: deal.askingPrice,
    contractPrice: deal.contractPrice,
    expectedCloseDate: deal.expectedCloseDate,
    expectedProfit: deal.expectedProfit,
    lostReason: deal.lostReason,
    assigneeId: deal.assigneeId,
    tags: deal.tags,
    position: deal.position,
  };
}

export async function deleteDeal(db: Database, tenantId: string, actor: Actor, dealId: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const before = presentDeal(await readDeal(tx, dealId));
    await tx.query('delete from deals where id = $1', [dealId]);
    await recordAudit(tx, actor, { action: 'deal.deleted', entityType: 'deal', entityId: dealId, before });
    await publishEvent(tx, {
      type: 'deal.deleted',
      payload: { dealId, propertyId: before.propertyId, assigneeId: before.assigneeId },
      requestId: actor.requestId,
      actor,
    });
  });
}

export async function getDeal(db: Database, tenantId: string, dealId: string): Promise<DealDetail> {
  return db.withTenant(tenantId, async (tx) => {
    const deal = presentDeal(await readDeal(tx, dealId));
    const offers = await tx.query<{
      id: string;
      amount: number;
      offered_on: string;
      status: DealDetail['offers'][number]['status'];
      note: string | null;
      created_at: Date;
    }>(
      `select id, amount::float8 as amount, to_char(offered_on, 'YYYY-MM-DD') as offered_on, status, note, created_at
         from deal_offers where deal_id = $1 order by created_at desc`,
      [dealId],
    );
    const contacts = await tx.query<{
      id: string;
      owner_id: string | null;
      role: DealDetail['contacts'][number]['role'];
      name: string;
      phone: string | null;
      email: string | null;
    }>('select id, owner_id, role, name, phone, email from deal_contacts where deal_id = $1 order by created_at', [dealId]);
    const changes = await tx.query<{
      id: string;
      from_stage_id: string | null;
      to_stage_id: string;
      changed_by: string | null;
      changed_at: Date;
      previous_at: Date | null;
    }>(
      `select id, from_stage_id, to_stage_id, changed_by, changed_at,
              lag(changed_at) over (order by changed_at, id) as previous_at
         from deal_stage_changes where deal_id = $1 order by changed_at desc, id desc`,
      [dealId],
    );
    return {
      ...deal,
      offers: offers.map((offer) => ({
        id: offer.id,
        amount: offer.amount,
        offeredOn: offer.offered_on,
        status: offer.status,
        note: offer.note,
        createdAt: offer.created_at.toISOString(),
      })),
      contacts: contacts.map((contact) => ({
        id: contact.id,
        ownerId: contact.owner_id,
        role: contact.role,
        name: contact.name,
        phone: contact.phone,
        email: contact.email,
      })),
      stageChanges: changes.map((change) => ({
        id: change.id,
        fromStageId: change.from_stage_id,
        toStageId: change.to_stage_id,
        changedBy: change.changed_by,
        changedAt: change.changed_at.toISOString(),
        daysInFromStage:
          change.previous_at === null
            ? null
            : Math.round(((change.changed_at.getTime() - change.previous_at.getTime()) / DAY_MS) * 10) / 10,
      })),
    };
  });
}

type DealFilter = Pick<
  DealQuery,
  'pipelineId' | 'stageId' | 'assigneeId' | 'propertyId' | 'leadId' | 'source' | 'tag' | 'temperature' | 'dealType' | 'status'
>;

/** The WHERE conditions of a deal filter over `deals d` joined to its stage `s`, parameters appended to `params`. */
function conditionsOf(filter: DealFilter, params: unknown[]): string[] {
  const conditions: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.pipelineId) add('d.pipeline_id = ?', filter.pipelineId);
  if (filter.stageId) add('d.stage_id = ?', filter.stageId);
  if (filter.assigneeId) add('d.assignee_id = ?', filter.assigneeId);
  if (filter.propertyId) add('d.parcel_id = ?', filter.propertyId);
  if (filter.leadId) add('d.lead_id = ?', filter.leadId);
  if (filter.source) add('d.source = ?', filter.source);
  if (filter.tag) add('d.tags @> array[?::text]', filter.tag.trim().toLowerCase());
  if (filter.temperature) add('d.temperature = ?', filter.temperature);
  if (filter.dealType) add('d.deal_type = ?', filter.dealType);
  if (filter.status) add('s.kind = ?', filter.status);
  return conditions;
}

const ID_KEY = { sql: 'd.id', type: 'uuid' } as const;
const DEAL_ORDERS: Record<(typeof DEAL_SORTS)[number], KeysetOrder> = {
  created: { keys: [{ sql: 'd.created_at', type: 'timestamptz' }, ID_KEY], descending: true },
  updated: { keys: [{ sql: 'd.updated_at', type: 'timestamptz' }, ID_KEY], descending: true },
  position: { keys: [{ sql: 'd.position', type: 'text' }, ID_KEY], descending: false },
  expected_close: {
    keys: [
      { sql: '(d.expected_close_date is null)', type: 'bool' },
      { sql: "coalesce(d.expected_close_date, date '1970-01-01')::timestamptz", type: 'timestamptz' },
      ID_KEY,
    ],
    descending: false,
  },
  contract_price: {
    keys: [{ sql: '(d.contract_price is not null)', type: 'bool' }, { sql: 'coalesce(d.contract_price, 0)', type: 'numeric' }, ID_KEY],
    descending: true,
  },
};

/** Deals of a filter, one keyset page at a time. */
export async function listDeals(db: Database, tenantId: string, query: DealQuery): Promise<{ items: Deal[]; nextCursor: string | null }> {
  const sort = query.sort ?? 'created';
  const order = DEAL_ORDERS[sort];
  const limit = query.limit ?? 50;
  const params: unknown[] = [];
  const conditions = conditionsOf(query, params);
  if (query.cursor) conditions.push(afterPositionOf(order, decodeCursor(query.cursor, sort, [order]).keys, params));
  const rows = await db.withTenant(tenantId, (tx) =>
    tx.query<DealRow & Record<string, unknown>>(
      `select ${DEAL_COLUMNS}, ${keyColumnsOf(order)} from deals d ${DEAL_JOINS}
        ${conditions.length > 0 ? `where ${conditions.join(' and ')}` : ''}
        order by ${orderByOf(order)} limit ${limit + 1}`,
      params,
    ),
  );
  const page = rows.slice(0, limit);
  const now = Date.now();
  return {
    items: page.map((row) => presentDeal(row, now)),
    nextCursor: rows.length > limit ? encodeCursor(sort, { part: 0, keys: keysOfRow(order, page.at(-1)!) }) : null,
  };
}

/** Every deal of a filter, for the CSV export, in pages so the export never holds them all. */
export async function* exportDeals(db: Database, tenantId: string, query: DealQuery): AsyncGenerator<Deal> {
  let cursor: string | undefined;
  do {
    const page = await listDeals(db, tenantId, { ...query, limit: 200, cursor });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * A pipeline's board: each stage's count and sums over every deal of the filter,
 * and its first cards in order. One aggregate over the pipeline's deals and one
 * index walk per column, whatever the size of the tenant.
 */
export async function loadBoard(db: Database, tenantId: string, pipelineId: string, query: BoardQuery) {
  const limit = query.limit ?? 25;
  return db.withTenant(tenantId, async (tx) => {
    // The stages' counts come from the totals below: the deals are read once.
    const pipeline = await readPipeline(tx, pipelineId, false);
    const params: unknown[] = [pipelineId];
    const conditions = ['d.pipeline_id = $1', ...conditionsOf(query, params)];
    const where = conditions.join(' and ');
    const totals = await tx.query<{ stage_id: string; count: number; contract_value: number; expected_profit: number }>(
      `select d.stage_id, count(*)::int as count, coalesce(sum(d.contract_price), 0)::float8 as contract_value,
              coalesce(sum(d.expected_profit), 0)::float8 as expected_profit
         from deals d where ${where} group by d.stage_id`,
      params,
    );
    const cards = await tx.query<DealRow & { k0: string; k1: string }>(
      `select card.* from pipeline_stages st
         cross join lateral (
           select ${DEAL_COLUMNS}, d.position as k0, d.id::text as k1 from deals d ${DEAL_JOINS}
            where d.stage_id = st.id and ${where}
            order by d.position, d.id limit ${limit + 1}) card
        where st.pipeline_id = $1`,
      params,
    );
    const now = Date.now();
    const order = DEAL_ORDERS.position;
    const columns = pipeline.stages.map((plain) => {
      const total = totals.find((row) => row.stage_id === plain.id);
      const stage = { ...plain, dealCount: total?.count ?? 0 };
      const stageCards = cards.filter((card) => card.stage_id === stage.id);
      const shown = stageCards.slice(0, limit);
      const expectedProfit = total?.expected_profit ?? 0;
      return {
        stage,
        count: total?.count ?? 0,
        contractValue: total?.contract_value ?? 0,
        expectedProfit,
        weightedForecast: Math.round(expectedProfit * stage.probability) / 100,
        cards: shown.map((row) => presentDeal(row, now)),
        nextCursor: stageCards.length > limit ? encodeCursor('position', { part: 0, keys: keysOfRow(order, shown.at(-1)!) }) : null,
      };
    });
    return { pipeline: { ...pipeline, stages: columns.map((column) => column.stage) }, columns };
  });
}
