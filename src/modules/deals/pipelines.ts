import type { Actor } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { recordStageChange } from './stage-changes.js';
import type { CreatePipelineBody, Pipeline, Stage, UpdatePipelineBody } from './schema.js';

interface StageRow {
  id: string;
  pipeline_id: string;
  name: string;
  position: number;
  probability: number;
  kind: Stage['kind'];
  rotting_days: number | null;
  deal_count: number;
}

const presentStage = (row: StageRow): Stage => ({
  id: row.id,
  name: row.name,
  position: row.position,
  probability: row.probability,
  kind: row.kind,
  rottingDays: row.rotting_days,
  dealCount: row.deal_count,
});

/**
 * Pipelines with their stages in order; `withCounts: false` leaves each stage's deal
 * count at 0 for callers that count the deals themselves (the board) or need none.
 */
async function readPipelines(tx: Tx, pipelineId?: string, withCounts = true): Promise<Pipeline[]> {
  const pipelines = await tx.query<{ id: string; name: string; position: number }>(
    `select id, name, position from pipelines where ($1::uuid is null or id = $1) order by position, name`,
    [pipelineId ?? null],
  );
  const stages = await tx.query<StageRow>(
    `select s.id, s.pipeline_id, s.name, s.position, s.probability, s.kind, s.rotting_days,
            ${withCounts ? '(select count(*)::int from deals d where d.tenant_id = s.tenant_id and d.stage_id = s.id)' : '0'} as deal_count
       from pipeline_stages s
      where ($1::uuid is null or s.pipeline_id = $1)
      order by s.position`,
    [pipelineId ?? null],
  );
  return pipelines.map((pipeline) => ({
    ...pipeline,
    stages: stages.filter((stage) => stage.pipeline_id === pipeline.id).map(presentStage),
  }));
}

export async function readPipeline(tx: Tx, pipelineId: string, withCounts = true): Promise<Pipeline> {
  const [pipeline] = await readPipelines(tx, pipelineId, withCounts);
  if (!pipeline) throw notFound('Pipeline');
  return pipeline;
}

export function listPipelines(db: Database, tenantId: string): Promise<{ items: Pipeline[] }> {
  return db.withTenant(tenantId, async (tx) => ({ items: await readPipelines(tx) }));
}

export function getPipeline(db: Database, tenantId: string, pipelineId: string): Promise<Pipeline> {
  return db.withTenant(tenantId, (tx) => readPipeline(tx, pipelineId));
}

type StageInput = NonNullable<UpdatePipelineBody['stages']>[number];

function checkStages(stages: readonly StageInput[]): void {
  const names = new Set(stages.map((stage) => stage.name.trim().toLowerCase()));
  if (names.size !== stages.length) throw new AppError('validation', 'Two stages of a pipeline cannot have the same name');
  if (!stages.some((stage) => (stage.kind ?? 'open') === 'open')) {
    throw new AppError('validation', 'A pipeline needs at least one open stage for new deals');
  }
}

async function insertStage(tx: Tx, pipelineId: string, stage: StageInput, position: number): Promise<void> {
  await tx.query(
    `insert into pipeline_stages (pipeline_id, name, position, probability, kind, rotting_days) values ($1, $2, $3, $4, $5, $6)`,
    [pipelineId, stage.name.trim(), position, stage.probability, stage.kind ?? 'open', stage.rottingDays ?? null],
  );
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export async function createPipeline(db: Database, tenantId: string, actor: Actor, body: CreatePipelineBody): Promise<Pipeline> {
  checkStages(body.stages);
  if (body.stages.some((stage) => stage.id)) throw new AppError('validation', 'New stages take no id');
  try {
    return await db.withTenant(tenantId, async (tx) => {
      const [{ next }] = (await tx.query<{ next: number }>('select coalesce(max(position) + 1, 0)::int as next from pipelines')) as [
        { next: number },
      ];
      const [created] = await tx.query<{ id: string }>('insert into pipelines (name, position) values ($1, $2) returning id', [
        body.name.trim(),
        next,
      ]);
      for (const [position, stage] of body.stages.entries()) await insertStage(tx, created!.id, stage, position);
      const pipeline = await readPipeline(tx, created!.id);
      await recordAudit(tx, actor, { action: 'pipeline.created', entityType: 'pipeline', entityId: pipeline.id, after: pipeline });
      return pipeline;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `A pipeline named ${body.name.trim()} exists already`);
    throw error;
  }
}

/**
 * Renames or reorders a pipeline and edits its stages. A stage left out is deleted;
 * one that still has deals is deleted only when `moveDealsTo` names a kept stage
 * for them, and the moves are recorded as stage changes.
 */
export async function updatePipeline(
  db: Database,
  tenantId: string,
  actor: Actor,
  pipelineId: string,
  body: UpdatePipelineBody,
): Promise<Pipeline> {
  try {
    return await db.withTenant(tenantId, async (tx) => {
      const before = await readPipeline(tx, pipelineId);
      if (body.name !== undefined || body.position !== undefined) {
        await tx.query(
          'update pipelines set name = coalesce($2, name), position = coalesce($3, position), updated_at = now() where id = $1',
          [pipelineId, body.name?.trim() ?? null, body.position ?? null],
        );
      }
      if (body.stages) await replaceStages(tx, actor, before, body.stages, body.moveDealsTo ?? {});
      const after = await readPipeline(tx, pipelineId);
      await recordAudit(tx, actor, { action: 'pipeline.updated', entityType: 'pipeline', entityId: pipelineId, before, after });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `A pipeline named ${body.name?.trim()} exists already`);
    throw error;
  }
}

async function replaceStages(
  tx: Tx,
  actor: Actor,
  before: Pipeline,
  stages: readonly StageInput[],
  moveDealsTo: Record<string, string>,
): Promise<void> {
  checkStages(stages);
  const existing = new Map(before.stages.map((stage) => [stage.id, stage]));
  for (const stage of stages) {
    if (stage.id && !existing.has(stage.id)) throw new AppError('validation', `Stage ${stage.id} is not a stage of this pipeline`);
  }
  const kept = new Set(stages.flatMap((stage) => (stage.id ? [stage.id] : [])));
  const removed = before.stages.filter((stage) => !kept.has(stage.id));
  for (const stage of removed) {
    const target = moveDealsTo[stage.id];
    if (stage.dealCount > 0 && !target) {
      throw new AppError('conflict', `Stage ${stage.name} has ${stage.dealCount} deals: name a stage to move them to in moveDealsTo`, {
        stageId: stage.id,
        dealCount: stage.dealCount,
      });
    }
    if (target && !kept.has(target)) throw new AppError('validation', `moveDealsTo must name a kept stage of this pipeline`);
  }
  for (const [position, stage] of stages.entries()) {
    if (!stage.id) {
      await insertStage(tx, before.id, stage, position);
      continue;
    }
    await tx.query(`update pipeline_stages set name = $2, position = $3, probability = $4, kind = $5, rotting_days = $6 where id = $1`, [
      stage.id,
      stage.name.trim(),
      position,
      stage.probability,
      stage.kind ?? existing.get(stage.id)!.kind,
      stage.rottingDays ?? null,
    ]);
  }
  for (const stage of removed) {
    const target = moveDealsTo[stage.id];
    if (target) {
      const moved = await tx.query<{ id: string; parcel_id: string; lead_id: string | null; assignee_id: string | null }>(
        `update deals set stage_id = $2, stage_entered_at = now(), updated_at = now() where stage_id = $1
         returning id, parcel_id, lead_id, assignee_id`,
        [stage.id, target],
      );
      for (const deal of moved) {
        await recordStageChange(tx, actor, {
          dealId: deal.id,
          propertyId: deal.parcel_id,
          leadId: deal.lead_id,
          assigneeId: deal.assignee_id,
          pipelineId: before.id,
          from: stage.id,
          to: target,
        });
      }
    }
    await tx.query('delete from pipeline_stages where id = $1', [stage.id]);
  }
}

/** Deletes a pipeline that has no deals. */
export async function deletePipeline(db: Database, tenantId: string, actor: Actor, pipelineId: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const before = await readPipeline(tx, pipelineId);
    const deals = before.stages.reduce((sum, stage) => sum + stage.dealCount, 0);
    if (deals > 0) throw new AppError('conflict', `The pipeline has ${deals} deals; move them to another pipeline first`);
    const [{ pipelines }] = (await tx.query<{ pipelines: number }>('select count(*)::int as pipelines from pipelines')) as [
      { pipelines: number },
    ];
    if (pipelines <= 1) throw new AppError('conflict', 'A tenant keeps at least one pipeline');
    await tx.query('delete from pipelines where id = $1', [pipelineId]);
    await recordAudit(tx, actor, { action: 'pipeline.deleted', entityType: 'pipeline', entityId: pipelineId, before });
  });
}
