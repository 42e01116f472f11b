import { createHash } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';
import type { GbtModel, GbtParams } from '../../platform/ml/gradient-boosting.js';
import type { Outcome } from './outcomes.js';
import type { ParcelScore, Reason } from './score-parcels.js';
import { unknownLabel, type ScoringInput } from './scoring-input.js';
import type { ModelMetrics } from './train-model.js';
import type { WeightOverrides } from './weights.js';

/**
 * A parcel's signals and facts, named as ScoringInput. Before enrichment has run
 * for a parcel its signals are unknown, but the tags of its lists still count.
 */
const INPUT_COLUMNS = `p.id as "parcelId", s.absentee, s.out_of_state as "outOfState", s.years_owned::float8 as "yearsOwned",
       s.equity_percent::float8 as "equityPercent", s.free_and_clear as "freeAndClear", s.tax_delinquent as "taxDelinquent",
       s.vacant, s.entity_owned as "entityOwned", s.trust_or_estate as "trustOrEstate", s.owner_parcel_count as "ownerParcelCount",
       s.distress_list_count as "distressListCount", coalesce(s.distress_tags, p.distress_tags) as "distressTags",
       p.year_built as "yearBuilt", p.living_sqft as "livingSqft", p.market_value::float8 as "marketValue", p.stack_count as "stackCount"`;
const INPUT_SOURCES = 'parcels p left join parcel_signals s on s.tenant_id = p.tenant_id and s.parcel_id = p.id';

/**
 * Reasons are stored compact, as [key, label, points, stack, model?] arrays: a
 * jsonb object repeats its keys in every reason, which doubles the bytes every
 * rescoring writes. An unknown signal is its key alone, [key]: its label follows
 * from the key, and it has no points.
 */
type StoredReason = [string] | [string, string, number, number] | [string, string, number, number, number];

const storedReasons = (reasons: readonly Reason[]): StoredReason[] =>
  reasons.map((r) =>
    r.unknown ? [r.key] : r.model === undefined ? [r.key, r.label, r.points, r.stack] : [r.key, r.label, r.points, r.stack, r.model],
  );

/** `scoredByModel`: the score had a model part, so every reason has one too. */
const presentReasons = (stored: readonly StoredReason[], scoredByModel: boolean): Reason[] =>
  stored.map(([key, label, points, stack, model]) =>
    label === undefined
      ? { key, label: unknownLabel(key), points: 0, stack: 0, ...(scoredByModel ? { model: 0 } : {}), unknown: true as const }
      : { key, label, points: points!, stack: stack!, ...(model === undefined ? {} : { model }) },
  );

/** The reasons as PostgreSQL prints them back from jsonb (", " between elements), for the digest below. */
const jsonbText = (reasons: readonly StoredReason[]) =>
  `[${reasons.map((r) => `[${r.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ')}]`).join(', ')}]`;

/** A digest of a score as stored; the same in SQL (STORED_DIGEST) and here (scoreDigest). */
const STORED_DIGEST = `md5(concat_ws('|', ps.score, ps.stack_score, coalesce(ps.model_score::text, ''), coalesce(ps.model_id::text, ''), ps.reasons::text))`;

export function scoreDigest(score: ParcelScore, modelId: string | null): string {
  const text = `${score.score}|${score.stackScore}|${score.modelScore ?? ''}|${modelId ?? ''}|${jsonbText(storedReasons(score.reasons))}`;
  return createHash('md5').update(text).digest('hex');
}

/** A parcel's inputs with the digest of its stored score (null when unscored), so an unchanged score is not sent back. */
export type RescoreInput = ScoringInput & { storedDigest: string | null };

const RESCORE_INPUTS = `select ${INPUT_COLUMNS}, ${STORED_DIGEST} as "storedDigest"
  from ${INPUT_SOURCES} left join parcel_scores ps on ps.tenant_id = p.tenant_id and ps.parcel_id = p.id`;

/**
 * Every parcel id of the tenant, in order. A rescoring takes them once and reads
 * chunks by id: a keyset query (`id > $1 order by id limit n`) sorts the whole
 * tenant for every chunk wherever the planner underestimates a tenant's rows
 * (PGlite never collects statistics).
 */
export async function listParcelIds(tx: Tx): Promise<string[]> {
  return (await tx.query<{ id: string }>('select id from parcels order by id')).map((row) => row.id);
}

export function readInputsOf(tx: Tx, parcelIds: readonly string[]): Promise<RescoreInput[]> {
  return tx.query<RescoreInput>(`${RESCORE_INPUTS} where p.id = any($1::uuid[]) order by p.id`, [parcelIds]);
}

/**
 * Every parcel with an outcome, with its inputs, in address order: ids are random,
 * so ordering by them would draw a different held-out split from the same records
 * in another tenant or after a re-import.
 */
export function readTrainingInputs(tx: Tx): Promise<(ScoringInput & { outcome: Outcome })[]> {
  return tx.query<ScoringInput & { outcome: Outcome }>(
    `select ${INPUT_COLUMNS}, o.outcome from ${INPUT_SOURCES} join parcel_outcomes o on o.tenant_id = p.tenant_id and o.parcel_id = p.id order by p.address_key, p.apn, p.id`,
  );
}

/**
 * Writes a chunk of scores in one statement. A row that another transaction made
 * equal meanwhile is not rewritten. Returns how many rows were written.
 */
export async function writeScores(tx: Tx, scores: readonly ParcelScore[], modelId: string | null): Promise<number> {
  if (scores.length === 0) return 0;
  const written = await tx.query(
    `insert into parcel_scores (parcel_id, score, stack_score, model_score, model_id, reasons)
     select parcel_id, score, stack_score, model_score, $5::uuid, reasons::jsonb
       from unnest($1::uuid[], $2::int2[], $3::int2[], $4::int2[], $6::text[]) as x(parcel_id, score, stack_score, model_score, reasons)
     on conflict (tenant_id, parcel_id) do update
        set score = excluded.score, stack_score = excluded.stack_score, model_score = excluded.model_score,
            model_id = excluded.model_id, reasons = excluded.reasons, scored_at = now()
      where (parcel_scores.score, parcel_scores.stack_score, parcel_scores.model_score, parcel_scores.model_id, parcel_scores.reasons)
            is distinct from (excluded.score, excluded.stack_score, excluded.model_score, excluded.model_id, excluded.reasons)
     returning 1`,
    [
      scores.map((s) => s.parcelId),
      scores.map((s) => s.score),
      scores.map((s) => s.stackScore),
      scores.map((s) => s.modelScore),
      modelId,
      scores.map((s) => JSON.stringify(storedReasons(s.reasons))),
    ],
  );
  return written.length;
}

export interface StoredScore {
  score: number;
  stackScore: number;
  modelScore: number | null;
  modelVersion: number | null;
  reasons: Reason[];
  scoredAt: string;
}

export async function readParcelScore(tx: Tx, parcelId: string): Promise<StoredScore | null> {
  const [row] = await tx.query<{
    score: number;
    stack_score: number;
    model_score: number | null;
    version: number | null;
    reasons: StoredReason[];
    scored_at: Date;
  }>(
    `select s.score, s.stack_score, s.model_score, m.version, s.reasons, s.scored_at
       from parcel_scores s left join models m on m.id = s.model_id where s.parcel_id = $1`,
    [parcelId],
  );
  return row
    ? {
        score: row.score,
        stackScore: row.stack_score,
        modelScore: row.model_score,
        modelVersion: row.version,
        reasons: presentReasons(row.reasons, row.model_score !== null),
        scoredAt: row.scored_at.toISOString(),
      }
    : null;
}

export interface StoredOutcome {
  outcome: Outcome;
  source: string;
  setAt: string;
}

export async function readParcelOutcome(tx: Tx, parcelId: string): Promise<StoredOutcome | null> {
  const [row] = await tx.query<{ outcome: Outcome; source: string; set_at: Date }>(
    'select outcome, source, set_at from parcel_outcomes where parcel_id = $1',
    [parcelId],
  );
  return row ? { outcome: row.outcome, source: row.source, setAt: row.set_at.toISOString() } : null;
}

export async function readWeightOverrides(tx: Tx): Promise<{ overrides: WeightOverrides; updatedAt: string } | null> {
  const [row] = await tx.query<{ weights: WeightOverrides; updated_at: Date }>('select weights, updated_at from scoring_settings');
  return row ? { overrides: row.weights, updatedAt: row.updated_at.toISOString() } : null;
}

export async function saveWeightOverrides(tx: Tx, overrides: WeightOverrides): Promise<void> {
  await tx.query(
    `insert into scoring_settings (weights) values ($1)
     on conflict (tenant_id) do update set weights = excluded.weights, updated_at = now()`,
    [JSON.stringify(overrides)],
  );
}

export interface ModelRow {
  id: string;
  version: number;
  status: 'candidate' | 'active' | 'retired';
  algorithm: string;
  features: string[];
  params: GbtParams;
  metrics: ModelMetrics;
  training_rows: number;
  trained_at: Date;
  activated_at: Date | null;
}

const MODEL_COLUMNS = 'id, version, status, algorithm, features, params, metrics, training_rows, trained_at, activated_at';

export function listModels(tx: Tx): Promise<ModelRow[]> {
  return tx.query<ModelRow>(`select ${MODEL_COLUMNS} from models where kind = 'motivation' order by version desc`);
}

export async function findModel(tx: Tx, id: string): Promise<ModelRow | undefined> {
  const [row] = await tx.query<ModelRow>(`select ${MODEL_COLUMNS} from models where kind = 'motivation' and id = $1`, [id]);
  return row;
}

export async function activeModel(tx: Tx): Promise<(ModelRow & { artifact: GbtModel }) | undefined> {
  const [row] = await tx.query<ModelRow & { artifact: GbtModel }>(
    `select ${MODEL_COLUMNS}, artifact from models where kind = 'motivation' and status = 'active'`,
  );
  return row;
}

/** Stores a trained model as the next version, a candidate. */
export async function insertModel(tx: Tx, model: { artifact: GbtModel; params: GbtParams; metrics: ModelMetrics }): Promise<ModelRow> {
  const [row] = await tx.query<ModelRow>(
    `insert into models (kind, version, status, algorithm, features, params, artifact, metrics, training_rows)
     select 'motivation', coalesce(max(version), 0) + 1, 'candidate', 'gbt', $1, $2, $3, $4, $5 from models where kind = 'motivation'
     returning ${MODEL_COLUMNS}`,
    [
      model.artifact.features,
      JSON.stringify(model.params),
      JSON.stringify(model.artifact),
      JSON.stringify(model.metrics),
      model.metrics.trainRows,
    ],
  );
  return row!;
}
