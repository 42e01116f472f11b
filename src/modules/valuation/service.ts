import { systemActor, type Actor } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import { estimateValue, trainValuer, withKnownSales, type Valuer } from './estimate.js';
import { explainLogPricePerSqft, featureNames, type HedonicModel, type HomeFacts, type Sale } from './hedonic-model.js';
import { analyzeFlip, analyzeRental, analyzeWholesale, maximumAllowableOffer, repairEstimate } from './offer-math.js';
import type { ModelView, PropertyValuation, ValuationSettingsView } from './schema.js';
import { assumptionsFor, DEFAULT_VALUATION_SETTINGS, readValuationSettings, type ValuationSettings } from './settings.js';

/** Fewer sales than this and no model is learnt: the valuation says so. */
export const MIN_SALES = 30;
/**
 * The sales the model learns today's market from: priced as market sales (below
 * $10,000 they are transfers), of homes with a known living area, and recent (older
 * ones, such as the decades-old last sales lists carry, describe another market).
 */
const MARKET_SALES = `property_sales ps join parcels p on p.id = ps.parcel_id
  where ps.price >= 10000 and p.living_sqft > 0 and ps.sale_date > current_date - interval '3 years'`;
/** In the app the model is retrained often and loaded per request: one smaller model instead of the backtest's bag of three. */
const APP_MODEL = { seeds: 1, trees: 300, learningRate: 0.1 };

interface TenantSale extends Sale {
  parcelId: string;
  address: string | null;
}

/** A parcel's facts the valuation models read, as `HOME_COLUMNS` selects them from `parcels p`. */
interface HomeRow {
  living_sqft: number | null;
  latitude: number | null;
  longitude: number | null;
  zip: string | null;
  beds: number | null;
  baths: number | null;
  year_built: number | null;
  lot_sqft: number | null;
  property_type: string | null;
}

const HOME_COLUMNS = `p.living_sqft, p.latitude, p.longitude, p.zip, p.beds::float8 as beds, p.baths::float8 as baths, p.year_built,
                      p.lot_sqft, p.property_type`;

interface SaleRow extends HomeRow {
  id: string;
  parcel_id: string;
  date: string;
  price: number;
  living_sqft: number;
  address: string | null;
}

const homeOf = (row: HomeRow & { living_sqft: number }): HomeFacts => ({
  sqft: row.living_sqft,
  lat: row.latitude ?? undefined,
  lon: row.longitude ?? undefined,
  zip: row.zip ?? undefined,
  beds: row.beds ?? undefined,
  baths: row.baths ?? undefined,
  yearBuilt: row.year_built ?? undefined,
  lotSqft: row.lot_sqft ?? undefined,
  extra: row.property_type ? { property_type: row.property_type } : {},
});

/** The tenant's market sales of homes with a known living area, with the home's facts. */
async function tenantSales(tx: Tx): Promise<TenantSale[]> {
  const rows = await tx.query<SaleRow>(
    `select ps.id, ps.parcel_id, to_char(ps.sale_date, 'YYYY-MM-DD') as date, ps.price::float8 as price, ${HOME_COLUMNS},
            concat_ws(', ', p.address_line1, p.city) as address
       from ${MARKET_SALES}
      order by ps.sale_date`,
  );
  return rows.map((row) => ({
    ...homeOf(row),
    id: row.id,
    parcelId: row.parcel_id,
    date: row.date,
    price: row.price,
    address: row.address,
  }));
}

interface ValuationArtifact {
  models: HedonicModel[];
  heldOutError: number;
  outOfFold: Record<string, number>;
}

interface ModelRow {
  id: string;
  version: number;
  trained_at: string;
  training_rows: number;
  metrics: { heldOutError: number };
}

/** Loaded models by model id: the artifact is large, and a model never changes once stored. */
const loaded = new Map<string, Pick<Valuer, 'models' | 'heldOutError' | 'outOfFold'>>();
/**
 * Per model, the tenant's sales with the model's value of each and the market index
 * read from them, and the state of the sales they were built from. Rebuilding them
 * costs more than the valuation itself, so it happens only when sales or home facts change.
 */
const marketByModel = new Map<string, { salesState: string; valuer: Valuer }>();
/** Trainings under way per tenant, so simultaneous requests train once. */
const training = new Map<string, Promise<ModelView>>();

const presentModel = (row: ModelRow): ModelView => ({
  id: row.id,
  version: row.version,
  trainedAt: new Date(row.trained_at).toISOString(),
  heldOutError: row.metrics.heldOutError,
  trainingSales: row.training_rows,
});

/** Learns the tenant's valuation model from its sales and makes it the active one. */
export function trainValuationModel(db: Database, tenantId: string, actor: Actor | null): Promise<ModelView> {
  const running = training.get(tenantId);
  if (running) return running;
  const work = (async () => {
    const sales = await db.withTenant(tenantId, tenantSales);
    if (sales.length < MIN_SALES)
      throw new AppError(
        'conflict',
        `A valuation model needs at least ${MIN_SALES} sales with a living area; this tenant has ${sales.length}`,
      );
    const valuer = trainValuer(sales, APP_MODEL);
    const artifact: ValuationArtifact = {
      models: valuer.models,
      heldOutError: valuer.heldOutError,
      outOfFold: Object.fromEntries(valuer.outOfFold),
    };
    return db.withTenant(tenantId, async (tx) => {
      await tx.query(`update models set status = 'retired' where kind = 'valuation' and status = 'active'`);
      const [row] = await tx.query<ModelRow>(
        `insert into models (kind, version, status, algorithm, features, params, artifact, metrics, training_rows, activated_at)
         select 'valuation', coalesce(max(version), 0) + 1, 'active', 'gbt-hedonic', $1, $2, $3, $4, $5, now() from models where kind = 'valuation'
         returning id, version, trained_at, training_rows, metrics`,
        [
          featureNames(valuer.models[0]!),
          JSON.stringify(APP_MODEL),
          JSON.stringify(artifact),
          JSON.stringify({ heldOutError: valuer.heldOutError }),
          sales.length,
        ],
      );
      loaded.set(row!.id, { models: artifact.models, heldOutError: artifact.heldOutError, outOfFold: valuer.outOfFold });
      if (actor)
        await recordAudit(tx, actor, {
          action: 'valuation.model_trained',
          entityType: 'model',
          entityId: row!.id,
          after: { version: row!.version, sales: sales.length },
        });
      return presentModel(row!);
    });
  })();
  training.set(tenantId, work);
  return work.finally(() => training.delete(tenantId));
}

/**
 * Relearns the tenant's valuation model when sales were recorded since the active
 * one was trained, or trains its first once it has enough sales. Says why not otherwise.
 */
export async function retrainValuationIfStale(
  db: Database,
  tenantId: string,
  actor: Actor = systemActor('scheduled retraining'),
): Promise<{ model: ModelView | null; reason: string }> {
  const [state] = await db.withTenant(tenantId, (tx) =>
    tx.query<{ sales: number; stale: boolean }>(
      `select (select count(*) from ${MARKET_SALES})::int as sales,
              coalesce((select max(created_at) from property_sales) > (select trained_at from models where kind = 'valuation' and status = 'active'), true) as stale`,
    ),
  );
  if (state!.sales < MIN_SALES) return { model: null, reason: `${state!.sales} sales with a living area; a model needs ${MIN_SALES}` };
  if (!state!.stale) return { model: null, reason: 'no sale recorded since the active model was trained' };
  return { model: await trainValuationModel(db, tenantId, actor), reason: 'sales recorded since the last model' };
}

/** The active model, trained first when the tenant has none yet but enough sales. */
async function activeModel(
  db: Database,
  tenantId: string,
): Promise<{ view: ModelView; valuer: Pick<Valuer, 'models' | 'heldOutError' | 'outOfFold'> } | null> {
  const [row] = await db.withTenant(tenantId, (tx) =>
    tx.query<ModelRow>(`select id, version, trained_at, training_rows, metrics from models where kind = 'valuation' and status = 'active'`),
  );
  if (!row) {
    const [{ count }] = (await db.withTenant(tenantId, (tx) =>
      tx.query<{ count: number }>(`select count(*)::int as count from ${MARKET_SALES}`),
    )) as [{ count: number }];
    if (count < MIN_SALES) return null;
    const view = await trainValuationModel(db, tenantId, null);
    return { view, valuer: loaded.get(view.id)! };
  }
  let valuer = loaded.get(row.id);
  if (!valuer) {
    const [stored] = await db.withTenant(tenantId, (tx) =>
      tx.query<{ artifact: ValuationArtifact }>('select artifact from models where id = $1', [row.id]),
    );
    valuer = {
      models: stored!.artifact.models,
      heldOutError: stored!.artifact.heldOutError,
      outOfFold: new Map(Object.entries(stored!.artifact.outOfFold)),
    };
    if (loaded.size >= 16) loaded.delete(loaded.keys().next().value!);
    loaded.set(row.id, valuer);
  }
  return { view: presentModel(row), valuer };
}

/**
 * Changes when a market sale is recorded or removed, or the facts of a sold home
 * change (every such write sets `updated_at`). It reads only the sales the model
 * values from, not every parcel and sale of the tenant.
 */
async function salesState(tx: Tx): Promise<string> {
  const [row] = await tx.query<{ state: string }>(
    `select concat_ws('/', count(*), max(ps.created_at), max(p.updated_at)) as state from ${MARKET_SALES}`,
  );
  return row!.state;
}

/** The model with the tenant's sales as comps and market index, from the cache while they are unchanged. */
async function marketValuer(tx: Tx, modelId: string, model: Pick<Valuer, 'models' | 'heldOutError' | 'outOfFold'>): Promise<Valuer> {
  const state = await salesState(tx);
  const cached = marketByModel.get(modelId);
  if (cached?.salesState === state) return cached.valuer;
  const valuer = withKnownSales(model, await tenantSales(tx));
  marketByModel.delete(modelId);
  if (marketByModel.size >= 16) marketByModel.delete(marketByModel.keys().next().value!);
  marketByModel.set(modelId, { salesState: state, valuer });
  return valuer;
}

/** Model features grouped into the factors a comp's adjustments are shown by. */
const FACTOR_OF: Record<string, string> = {
  sqft: 'living area',
  lat: 'location',
  lon: 'location',
  rot_ne: 'location',
  rot_nw: 'location',
  zip: 'location',
  beds: 'bedrooms and baths',
  baths: 'bedrooms and baths',
  year_built: 'age',
  lot_sqft: 'lot',
  property_type: 'property type',
};

interface ParcelRow extends HomeRow {
  id: string;
  repair_preset: string | null;
  repair_amount: number | null;
}

/**
 * A property's value after repairs from its comps and the tenant's model, the
 * repair estimate, and what to offer: MAO and the flip, rental and wholesale numbers.
 */
export async function valueProperty(
  db: Database,
  tenantId: string,
  parcelId: string,
  today = new Date().toISOString().slice(0, 10),
): Promise<PropertyValuation> {
  const { parcel, settings } = await db.withTenant(tenantId, async (tx) => {
    const [parcel] = await tx.query<ParcelRow>(
      `select p.id, ${HOME_COLUMNS}, r.preset as repair_preset, r.amount::float8 as repair_amount
         from parcels p left join parcel_repairs r on r.parcel_id = p.id where p.id = $1`,
      [parcelId],
    );
    if (!parcel) throw new AppError('not_found', 'Property not found');
    return { parcel, settings: await readValuationSettings(tx) };
  });
  const subject = {
    latitude: parcel.latitude,
    longitude: parcel.longitude,
    livingSqft: parcel.living_sqft,
    beds: parcel.beds,
    baths: parcel.baths,
    yearBuilt: parcel.year_built,
  };
  const presets = settings.repairPresets;
  const preset = presets.find((p) => p.name === (parcel.repair_preset ?? settings.defaultRepairPreset)) ?? presets[0]!;
  const repairs = {
    preset: parcel.repair_amount === null ? preset.name : parcel.repair_preset,
    amount: parcel.repair_amount ?? repairEstimate(preset, parcel.living_sqft),
  };
  const base = { valuedOn: today, subject, repairs, repairPresets: presets, settings };

  const model = parcel.living_sqft ? await activeModel(db, tenantId) : null;
  if (!model || !parcel.living_sqft) {
    const reason = !parcel.living_sqft
      ? 'The property has no living area, which the valuation needs'
      : `Fewer than ${MIN_SALES} sales with a living area to learn from`;
    return {
      status: 'insufficient_data',
      reason,
      ...base,
      arv: null,
      comps: [],
      assumptions: assumptionsFor(settings, 0),
      offer: null,
      model: model?.view ?? null,
    };
  }

  const home = homeOf({ ...parcel, living_sqft: parcel.living_sqft });
  const market = await db.withTenant(tenantId, (tx) => marketValuer(tx, model.view.id, model.valuer));
  // The house's own earlier sales are its history, not comparables; the market index still reads them.
  const valuer: Valuer = { ...market, sales: market.sales.filter((sale) => (sale as TenantSale).parcelId !== parcelId) };
  const estimate = estimateValue(valuer, home, today);
  const subjectExplained = explainLogPricePerSqft(valuer.models, home);

  const comps = estimate.comps.map((comp) => {
    const sale = comp.sale as TenantSale;
    const compExplained = explainLogPricePerSqft(valuer.models, sale);
    const byFactor = new Map<string, number>();
    const add = (factor: string, amount: number) => byFactor.set(factor, (byFactor.get(factor) ?? 0) + amount);
    for (const [feature, value] of Object.entries(subjectExplained.byFeature)) {
      add(FACTOR_OF[feature] ?? feature.replaceAll('_', ' '), value - (compExplained.byFeature[feature] ?? 0));
    }
    add('living area', Math.log(home.sqft / sale.sqft));
    add('market since the sale', estimate.marketLevel - valuer.index.levelBefore(sale.date));
    // The bagged models' contributions add up to their difference; the rest is rounding.
    const explainedLog = [...byFactor.values()].reduce((a, b) => a + b, 0);
    const rest = Math.log(comp.adjustedPrice / sale.price) - explainedLog;
    if (Math.abs(rest) > 1e-6) add('other', rest);
    // Applied one after another, so the dollar amounts add up to the adjusted price.
    let running = sale.price;
    const adjustments = [...byFactor]
      .map(([factor, log]) => {
        const amount = running * (Math.exp(log) - 1);
        running += amount;
        return { factor, amount: Math.round(amount) };
      })
      .filter((a) => a.amount !== 0);
    return {
      saleId: sale.id,
      propertyId: sale.parcelId,
      address: sale.address,
      saleDate: sale.date,
      price: sale.price,
      livingSqft: sale.sqft,
      beds: sale.beds ?? null,
      baths: sale.baths ?? null,
      yearBuilt: sale.yearBuilt ?? null,
      latitude: sale.lat ?? null,
      longitude: sale.lon ?? null,
      miles: comp.miles === null ? null : Math.round(comp.miles * 100) / 100,
      months: Math.round(comp.months * 10) / 10,
      weight: Math.round(comp.weight * 1000) / 1000,
      adjustedPrice: Math.round(comp.adjustedPrice),
      adjustments,
    };
  });

  const arv = Math.round(estimate.value);
  const assumptions = assumptionsFor(settings, arv);
  const mao = maximumAllowableOffer(arv, repairs.amount, assumptions);
  return {
    status: 'ok',
    reason: null,
    ...base,
    arv: {
      value: arv,
      low: Math.round(estimate.low),
      high: Math.round(estimate.high),
      grade: estimate.grade,
      hedonicValue: Math.round(estimate.hedonicValue),
      compsValue: estimate.compsValue === null ? null : Math.round(estimate.compsValue),
    },
    comps,
    assumptions,
    offer: {
      maximumAllowableOffer: mao,
      flip: analyzeFlip(arv, repairs.amount, mao, assumptions),
      rental: analyzeRental(repairs.amount, mao, assumptions),
      wholesale: analyzeWholesale(arv, repairs.amount, mao, assumptions),
    },
    model: model.view,
  };
}

/** Sets a property's repair estimate: a preset (its amount for the living area unless given) or an amount. */
export async function setRepairs(
  db: Database,
  tenantId: string,
  actor: Actor,
  parcelId: string,
  input: { preset: string | null; amount?: number },
): Promise<PropertyValuation> {
  await db.withTenant(tenantId, async (tx) => {
    const presets = (await readValuationSettings(tx)).repairPresets;
    const preset = input.preset === null ? null : presets.find((p) => p.name === input.preset);
    if (input.preset !== null && !preset)
      throw new AppError('validation', `Unknown repair preset "${input.preset}"; use one of ${presets.map((p) => p.name).join(', ')}`);
    if (input.amount === undefined && !preset) throw new AppError('validation', 'Give an amount or a preset');
    const [parcel] = await tx.query<{ living_sqft: number | null }>('select living_sqft from parcels where id = $1', [parcelId]);
    if (!parcel) throw new AppError('not_found', 'Property not found');
    const amount = input.amount ?? repairEstimate(preset!, parcel.living_sqft);
    const [before] = await tx.query<{ preset: string | null; amount: number }>(
      'select preset, amount::float8 as amount from parcel_repairs where parcel_id = $1',
      [parcelId],
    );
    await tx.query(
      `insert into parcel_repairs (parcel_id, preset, amount) values ($1, $2, $3)
       on conflict (tenant_id, parcel_id) do update set preset = excluded.preset, amount = excluded.amount, updated_at = now()`,
      [parcelId, input.preset, amount],
    );
    await recordAudit(tx, actor, {
      action: 'property.repairs_set',
      entityType: 'property',
      entityId: parcelId,
      before: before ?? null,
      after: { preset: input.preset, amount },
    });
  });
  return valueProperty(db, tenantId, parcelId);
}

export async function getValuationSettings(db: Database, tenantId: string): Promise<ValuationSettingsView> {
  return { settings: await db.withTenant(tenantId, readValuationSettings), defaults: DEFAULT_VALUATION_SETTINGS };
}

export async function updateValuationSettings(
  db: Database,
  tenantId: string,
  actor: Actor,
  update: Partial<ValuationSettings>,
): Promise<ValuationSettingsView> {
  return db.withTenant(tenantId, async (tx) => {
    const before = await readValuationSettings(tx);
    const after = { ...before, ...update };
    const names = after.repairPresets.map((p) => p.name);
    if (new Set(names).size !== names.length) throw new AppError('validation', 'Each repair preset needs a name of its own');
    if (!names.includes(after.defaultRepairPreset)) {
      throw new AppError(
        'validation',
        `The default repair preset "${after.defaultRepairPreset}" is not one of the presets: ${names.join(', ')}`,
      );
    }
    await tx.query(
      `insert into valuation_settings (settings) values ($1) on conflict (tenant_id) do update set settings = excluded.settings, updated_at = now()`,
      [JSON.stringify(after)],
    );
    await recordAudit(tx, actor, {
      action: 'valuation.settings_updated',
      entityType: 'valuation_settings',
      entityId: null,
      before: { ...before },
      after: { ...after },
    });
    return { settings: after, defaults: DEFAULT_VALUATION_SETTINGS };
  });
}
