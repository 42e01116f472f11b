import { systemActor, type Actor } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import type { GbtParams } from '../../platform/ml/gradient-boosting.js';
import { AppError, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { featureMatrix, featureReaders, MODEL_FEATURES } from './model-features.js';
import { isPositiveOutcome, recordOutcomes, type Outcome } from './outcomes.js';
import {
  activeModel,
  findModel,
  insertModel,
  listModels,
  listParcelIds,
  readInputsOf,
  readParcelOutcome,
  readParcelScore,
  readTrainingInputs,
  readWeightOverrides,
  saveWeightOverrides,
  scoreDigest,
  writeScores,
  type ModelRow,
  type StoredOutcome,
  type StoredScore,
} from './repo.js';
import { scoreParcels, scoringModel, type ScoringModel } from './score-parcels.js';
import { stackScore } from './stack-score.js';
import { checkTrainable, trainMotivationModel, type ModelMetrics } from './train-model.js';
import { DEFAULT_WEIGHTS, effectiveWeights, validateOverrides, type WeightOverrides, type Weights } from './weights.js';

export const WEIGHTS_CHANGED = 'scoring.weights_changed';
export const MODEL_ACTIVATED = 'scoring.model_activated';
export const TRAINING_REQUESTED = 'scoring.training_requested';

/** Parcels read, scored and written per transaction. */
const CHUNK = 5000;

export interface RescoreResult {
  parcels: number;
  /** Rows written: parcels whose score or reasons changed. */
  written: number;
  /** Parcels whose stored score came out the same, so nothing was sent for them. */
  unchanged: number;
  seconds: number;
}

async function scoringSetup(tx: Tx): Promise<{ weights: Weights; model: ScoringModel | null }> {
  const stored = await readWeightOverrides(tx);
  const active = await activeModel(tx);
  return { weights: effectiveWeights(stored?.overrides), model: active ? scoringModel(active.id, active.version, active.artifact) : null };
}

/**
 * Recomputes the scores of the given parcels (or all of them) with the tenant's
 * weights and active model: read a chunk of signals and facts, score it in
 * memory, write it with one statement, one transaction per chunk. Idempotent.
 */
export async function rescoreParcels(db: Database, tenantId: string, parcelIds: readonly string[] | 'all'): Promise<RescoreResult> {
  const started = performance.now();
  const { weights, model } = await db.withTenant(tenantId, scoringSetup);
  const scratch = new Float64Array(CHUNK * (model?.readers.length ?? 0));
  const modelId = model?.id ?? null;
  const ids = parcelIds === 'all' ? await db.withTenant(tenantId, listParcelIds) : parcelIds;
  let parcels = 0;
  let written = 0;
  let unchanged = 0;
  for (let from = 0; from < ids.length; from += CHUNK) {
    await db.withTenant(tenantId, async (tx) => {
      const inputs = await readInputsOf(tx, ids.slice(from, from + CHUNK));
      const scores = scoreParcels(inputs, weights, model, scratch);
      // A score that came out as stored is not sent back.
      const changed = scores.filter((score, i) => scoreDigest(score, modelId) !== inputs[i]!.storedDigest);
      parcels += inputs.length;
      unchanged += inputs.length - changed.length;
      written += await writeScores(tx, changed, modelId);
    });
  }
  return { parcels, written, unchanged, seconds: (performance.now() - started) / 1000 };
}

export interface WeightsView {
  weights: Weights;
  defaults: Weights;
  /** What the tenant changed; every other weight is the default. */
  overrides: WeightOverrides;
  updatedAt: string | null;
}

export async function getWeights(db: Database, tenantId: string): Promise<WeightsView> {
  const stored = await db.withTenant(tenantId, readWeightOverrides);
  return {
    weights: effectiveWeights(stored?.overrides),
    defaults: { ...DEFAULT_WEIGHTS },
    overrides: stored?.overrides ?? {},
    updatedAt: stored?.updatedAt ?? null,
  };
}

/** Replaces the tenant's overrides (an empty object restores every default) and rescores every parcel. */
export async function setWeights(db: Database, tenantId: string, actor: Actor, overrides: WeightOverrides): Promise<WeightsView> {
  validateOverrides(overrides);
  await db.withTenant(tenantId, async (tx) => {
    const before = await readWeightOverrides(tx);
    await saveWeightOverrides(tx, overrides);
    await recordAudit(tx, actor, {
      action: 'scoring.weights_changed',
      entityType: 'scoring_weights',
      entityId: null,
      before: before?.overrides ?? {},
      after: overrides,
    });
    await publishEvent(tx, { type: WEIGHTS_CHANGED, payload: {}, requestId: actor.requestId });
  });
  return getWeights(db, tenantId);
}

export interface ModelView {
  id: string;
  version: number;
  status: ModelRow['status'];
  algorithm: string;
  features: string[];
  params: GbtParams;
  metrics: ModelMetrics;
  trainingRows: number;
  trainedAt: string;
  activatedAt: string | null;
}

export function presentModel(row: ModelRow): ModelView {
  return {
    id: row.id,
    version: row.version,
    status: row.status,
    algorithm: row.algorithm,
    features: row.features,
    params: row.params,
    metrics: row.metrics,
    trainingRows: row.training_rows,
    trainedAt: row.trained_at.toISOString(),
    activatedAt: row.activated_at?.toISOString() ?? null,
  };
}

export async function listModelViews(db: Database, tenantId: string): Promise<{ items: ModelView[] }> {
  return { items: (await db.withTenant(tenantId, listModels)).map(presentModel) };
}

async function countLabels(tx: Tx): Promise<{ labelled: number; positives: number }> {
  const [row] = await tx.query<{ labelled: number; positives: number }>(
    `select count(*)::int as labelled, count(*) filter (where outcome in ('appointment', 'under_contract', 'won'))::int as positives from parcel_outcomes`,
  );
  return row!;
}

/** Checks there is enough to learn from, then queues training; the job stores a candidate model. */
export async function requestTraining(
  db: Database,
  tenantId: string,
  actor: Actor,
): Promise<{ status: 'queued'; labelled: number; positives: number }> {
  return db.withTenant(tenantId, async (tx) => {
    const counts = await countLabels(tx);
    checkTrainable(counts.labelled, counts.positives);
    await recordAudit(tx, actor, { action: 'scoring.training_requested', entityType: 'model', entityId: null, after: counts });
    await publishEvent(tx, { type: TRAINING_REQUESTED, payload: {}, requestId: actor.requestId });
    return { status: 'queued' as const, ...counts };
  });
}

/**
 * Trains a model on every parcel with an outcome and stores it as the next
 * version, a candidate: it scores nothing until activated.
 */
export async function trainCandidate(db: Database, tenantId: string, actor: Actor): Promise<ModelView> {
  const { rows, weights } = await db.withTenant(tenantId, async (tx) => ({
    rows: await readTrainingInputs(tx),
    weights: effectiveWeights((await readWeightOverrides(tx))?.overrides),
  }));
  const trained = trainMotivationModel({
    matrix: featureMatrix(rows, featureReaders(MODEL_FEATURES)),
    features: MODEL_FEATURES,
    labels: Uint8Array.from(rows, (row) => (isPositiveOutcome(row.outcome) ? 1 : 0)),
    stackScores: Float64Array.from(rows, (row) => stackScore(row, weights).score),
  });
  return db.withTenant(tenantId, async (tx) => {
    const row = await insertModel(tx, { artifact: trained.model, params: trained.params, metrics: trained.metrics });
    await recordAudit(tx, actor, {
      action: 'scoring.model_trained',
      entityType: 'model',
      entityId: row.id,
      after: { version: row.version, metrics: { rocAuc: trained.metrics.rocAuc, precisionAt5: trained.metrics.precisionAt5 } },
    });
    return presentModel(row);
  });
}

/** Makes one model the tenant's active model (the active one before becomes retired) and rescores every parcel. */
async function activate(tx: Tx, actor: Actor, target: ModelRow, action: string): Promise<ModelView> {
  const [previous] = await tx.query<{ id: string; version: number }>(
    `select id, version from models where kind = 'motivation' and status = 'active'`,
  );
  if (previous?.id !== target.id) {
    await tx.query(`update models set status = 'retired' where kind = 'motivation' and status = 'active'`);
    await tx.query(`update models set status = 'active', activated_at = now() where id = $1`, [target.id]);
  }
  await recordAudit(tx, actor, {
    action,
    entityType: 'model',
    entityId: target.id,
    before: { activeVersion: previous?.version ?? null },
    after: { activeVersion: target.version },
  });
  await publishEvent(tx, { type: MODEL_ACTIVATED, payload: { modelId: target.id, version: target.version }, requestId: actor.requestId });
  return presentModel((await findModel(tx, target.id))!);
}

/** Locks the tenant's motivation models, so two activations cannot both retire the same model. */
async function lockModels(tx: Tx): Promise<void> {
  await tx.query(`select id from models where kind = 'motivation' for update`);
}

export async function activateModel(db: Database, tenantId: string, actor: Actor, modelId: string): Promise<ModelView> {
  return db.withTenant(tenantId, async (tx) => {
    await lockModels(tx);
    const target = await findModel(tx, modelId);
    if (!target) throw notFound('Model');
    return activate(tx, actor, target, 'scoring.model_activated');
  });
}

/** Activates again the latest earlier version that was once active. */
export async function rollbackModel(db: Database, tenantId: string, actor: Actor): Promise<ModelView> {
  return db.withTenant(tenantId, async (tx) => {
    await lockModels(tx);
    const current = await activeModel(tx);
    if (!current) throw new AppError('conflict', 'No model is active: scores come from the stack score alone');
    const [previous] = await tx.query<{ id: string }>(
      `select id from models where kind = 'motivation' and version < $1 and activated_at is not null order by version desc limit 1`,
      [current.version],
    );
    if (!previous) throw new AppError('conflict', `No version before ${current.version} was ever active`);
    return activate(tx, actor, (await findModel(tx, previous.id))!, 'scoring.model_rolled_back');
  });
}

export interface RetrainResult {
  candidate: ModelView | null;
  activated: boolean;
  reason: string;
}

/**
 * Scheduled retraining of one tenant: when outcomes changed since the last model,
 * trains a candidate and activates it only if its held-out ROC AUC is not worse
 * than the active model's (or, with no model active, than the stack score's on the
 * same held-out rows).
 */
export async function retrainTenant(db: Database, tenantId: string): Promise<RetrainResult> {
  const actor = systemActor('scheduled retraining');
  const state = await db.withTenant(tenantId, async (tx) => {
    const [row] = await tx.query<{ changed: boolean }>(
      `select coalesce((select max(set_at) from parcel_outcomes) > (select max(trained_at) from models where kind = 'motivation'), true) as changed`,
    );
    const active = await activeModel(tx);
    return { changed: row!.changed, counts: await countLabels(tx), active };
  });
  if (!state.changed) return { candidate: null, activated: false, reason: 'no outcome changed since the last model was trained' };
  try {
    checkTrainable(state.counts.labelled, state.counts.positives);
  } catch (error) {
    if (error instanceof AppError) return { candidate: null, activated: false, reason: error.message };
    throw error;
  }
  const candidate = await trainCandidate(db, tenantId, actor);
  const auc = candidate.metrics.rocAuc;
  const bar = state.active ? state.active.metrics.rocAuc : candidate.metrics.stackRocAuc;
  const against = state.active ? `the active version ${state.active.version}` : 'the stack score';
  if (!(auc >= bar))
    return { candidate, activated: false, reason: `held-out ROC AUC ${auc.toFixed(3)} is below ${against}'s ${bar.toFixed(3)}` };
  const activated = await activateModel(db, tenantId, actor, candidate.id);
  return {
    candidate: activated,
    activated: true,
    reason: `held-out ROC AUC ${auc.toFixed(3)} is not below ${against}'s ${bar.toFixed(3)}`,
  };
}

/**
 * Learns the active model again from the signals as they are now, after the
 * enrichment derived them again by newer rules: the active model learnt what the
 * old rules meant (a missing mortgage balance read as free and clear, …) and would
 * misread the new values. The refitted model is activated in its place, which
 * rescores every parcel. Without an active model, or with too few outcomes left to
 * learn from, nothing changes.
 */
export async function refitActiveModel(db: Database, tenantId: string, actor: Actor): Promise<{ model: ModelView | null; reason: string }> {
  const { active, counts } = await db.withTenant(tenantId, async (tx) => ({
    active: await activeModel(tx),
    counts: await countLabels(tx),
  }));
  if (!active) return { model: null, reason: 'no model is active' };
  try {
    checkTrainable(counts.labelled, counts.positives);
  } catch (error) {
    if (error instanceof AppError) return { model: null, reason: `version ${active.version} stays active: ${error.message}` };
    throw error;
  }
  const candidate = await trainCandidate(db, tenantId, actor);
  const activated = await activateModel(db, tenantId, actor, candidate.id);
  return {
    model: activated,
    reason: `version ${activated.version} learnt from the signals as now derived replaces version ${active.version}`,
  };
}

export interface OutcomeView extends StoredOutcome {
  propertyId: string;
}

/** A property's score and outcome as its page shows them, read inside the caller's transaction. */
export async function readScoreCard(tx: Tx, parcelId: string): Promise<{ score: StoredScore | null; outcome: StoredOutcome | null }> {
  return { score: await readParcelScore(tx, parcelId), outcome: await readParcelOutcome(tx, parcelId) };
}

async function requireParcel(tx: Tx, parcelId: string): Promise<void> {
  const [parcel] = await tx.query('select 1 from parcels where id = $1', [parcelId]);
  if (!parcel) throw notFound('Property');
}

/** Sets what came of working a parcel; the source names who set it. */
export async function setOutcome(db: Database, tenantId: string, actor: Actor, parcelId: string, outcome: Outcome): Promise<OutcomeView> {
  return db.withTenant(tenantId, async (tx) => {
    await requireParcel(tx, parcelId);
    const before = await readParcelOutcome(tx, parcelId);
    await recordOutcomes(tx, [{ parcelId, outcome }], `${actor.type}:${actor.id ?? actor.label}`);
    const after = (await readParcelOutcome(tx, parcelId))!;
    await recordAudit(tx, actor, {
      action: 'property.outcome_set',
      entityType: 'property',
      entityId: parcelId,
      before: before && { outcome: before.outcome },
      after: { outcome },
    });
    return { propertyId: parcelId, ...after };
  });
}

export async function clearOutcome(db: Database, tenantId: string, actor: Actor, parcelId: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    await requireParcel(tx, parcelId);
    const [removed] = await tx.query<{ outcome: Outcome }>('delete from parcel_outcomes where parcel_id = $1 returning outcome', [
      parcelId,
    ]);
    if (removed)
      await recordAudit(tx, actor, {
        action: 'property.outcome_cleared',
        entityType: 'property',
        entityId: parcelId,
        before: { outcome: removed.outcome },
        after: null,
      });
  });
}
