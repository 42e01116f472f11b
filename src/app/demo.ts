import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { systemActor } from '../platform/auth/principal.js';
import type { Database } from '../platform/db/database.js';
import { createTenant, findTenant, type Tenant } from '../modules/tenants/service.js';
import { demoCountyState, fillDemoCounty, type DemoCountySummary, type DemoFillProgress } from '../modules/demo-county/fill-demo-county.js';
import { enrichmentDepsOf } from '../modules/enrichment/enrichment-deps.js';
import { runEnrichment } from '../modules/enrichment/run-enrichment.js';
import { rescoreParcels, retrainTenant } from '../modules/scoring/service.js';
import { retrainValuationIfStale } from '../modules/valuation/service.js';
import type { Runtime } from './runtime.js';

export const DEMO_SLUG = 'demo';
export const DEMO_EMAIL = 'admin@demo.reos.local';
/** Arbitrary constant: one process at a time creates or fills the demo tenant (PostgreSQL). */
const DEMO_LOCK = 7_310_003;

export interface DemoResult {
  created: boolean;
  tenant: { id: string; slug: string; name: string };
  /** Only when the tenant was created now: the password is never stored in clear, so it is shown once. */
  admin?: { email: string; password: string };
  /** When this call filled the demo county (or finished an interrupted fill) and waited for it. */
  county?: DemoCountySummary;
  /** True while the demo county is being filled in the background. */
  filling?: boolean;
}

export interface EnsureDemoOptions {
  /**
   * Fill the demo county before returning (the `demo` command). Otherwise the
   * call returns as soon as the tenant exists and the county fills in the
   * background, its progress in the log: a server answers at once.
   */
  wait?: boolean;
  onProgress?: (progress: DemoFillProgress) => void;
  /** Parcels in the demo county (default 20,000); tests use fewer. */
  parcels?: number;
  seed?: number;
}

/** Per database: the call deciding what to do, then the fill it started. Later callers never start a second one. */
const deciding = new WeakMap<Database, Promise<Decision>>();
const filling = new WeakMap<Database, { tenant: Tenant; done: Promise<DemoCountySummary> }>();

interface Decision {
  result: DemoResult;
  /** The fill this call started. */
  done?: Promise<DemoCountySummary>;
}

/**
 * Creates the demo tenant and its admin once, and fills it with the demo county
 * (Ashford County, IL: parcels, owners, five distress lists, three years of
 * sales). Later calls do nothing, except finish a fill that was interrupted.
 */
export async function ensureDemoTenant(runtime: Runtime, options: EnsureDemoOptions = {}): Promise<DemoResult> {
  const db = runtime.db;
  const pending = deciding.get(db);
  const earlier = pending && (await pending).result.tenant;
  const busy = filling.get(db);
  if (busy) return { created: false, tenant: busy.tenant, filling: true };
  if (earlier) return { created: false, tenant: earlier };
  const decision = decide(runtime, options);
  deciding.set(db, decision);
  let decided: Decision;
  try {
    decided = await decision;
  } finally {
    deciding.delete(db);
  }
  if (!decided.done) return decided.result;
  if (options.wait) return { ...decided.result, county: await decided.done };
  return { ...decided.result, filling: true };
}

/** Waits for a background fill of the demo county, if one is running (tests, orderly shutdown). */
export async function demoFillSettled(db: Database): Promise<void> {
  await filling.get(db)?.done.catch(() => {});
}

async function decide(runtime: Runtime, options: EnsureDemoOptions): Promise<Decision> {
  const db = runtime.db;
  const found = await db.exclusively(DEMO_LOCK, async () => {
    const existing = await findTenant(db, DEMO_SLUG);
    if (existing) {
      // An empty demo tenant (from before the demo county existed) or an interrupted fill is finished;
      // a filled one, or one that holds data of its own, is left alone.
      const state = await demoCountyState(db, existing.id);
      return { result: { created: false, tenant: existing }, fill: state === 'empty' || state === 'partial' };
    }
    const password = randomBytes(12).toString('base64url');
    const { tenant } = await createTenant(db, systemActor('demo'), {
      name: 'Demo Realty',
      slug: DEMO_SLUG,
      adminEmail: DEMO_EMAIL,
      adminPassword: password,
      adminName: 'Demo Admin',
    });
    return { result: { created: true, tenant, admin: { email: DEMO_EMAIL, password } }, fill: true };
  });
  if (!found.fill) return { result: found.result };

  const { tenant } = found.result;
  const done = db.exclusively(DEMO_LOCK, async () => {
    // The county is seen from the day the tenant was made, so a resumed fill writes the same files.
    const summary = await fillDemoCounty(db, tenant.id, {
      parcels: options.parcels,
      seed: options.seed,
      asOf: await createdOn(db, tenant.id),
      // Beside uploaded lists: a fill interrupted by a crash leaves its files where the next run looks for them.
      workDir: path.join(runtime.config.dataDir, 'uploads'),
      announceImports: false,
      onProgress: options.onProgress ?? progressLogger(runtime),
    });
    await prepareDemoCounty(runtime, tenant.id);
    return summary;
  });
  filling.set(db, { tenant, done });
  void done.then(
    () => filling.delete(db),
    (error: unknown) => {
      filling.delete(db);
      runtime.log.error({ err: error }, 'the demo county fill stopped; it resumes at the next start or `reos demo`');
    },
  );
  return { result: found.result, done };
}

/**
 * A new user should see scores with their reasons, trained models and values at
 * once: signals for every parcel, the motivation model learnt from the county's
 * outcomes (kept only when it beats the stack score), every score, then the
 * valuation model learnt from the county's sales, so no property page waits for it.
 */
async function prepareDemoCounty(runtime: Runtime, tenantId: string): Promise<void> {
  // Not announced: the rescoring it would start is done below, once, after the model.
  await runEnrichment(enrichmentDepsOf(runtime), tenantId, { filter: {} }, { runId: 'demo', announce: false });
  const trained = await retrainTenant(runtime.db, tenantId);
  runtime.log.info({ activated: trained.activated, reason: trained.reason }, 'demo county: motivation model');
  await rescoreParcels(runtime.db, tenantId, 'all');
  const valuation = await retrainValuationIfStale(runtime.db, tenantId, systemActor('demo'));
  runtime.log.info(
    { version: valuation.model?.version ?? null, sales: valuation.model?.trainingSales ?? null, reason: valuation.reason },
    'demo county: valuation model',
  );
}

async function createdOn(db: Database, tenantId: string): Promise<string> {
  const [row] = await db.withGlobal((tx) =>
    tx.query<{ day: string }>(`select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day from tenants where id = $1`, [tenantId]),
  );
  return row?.day ?? new Date().toISOString().slice(0, 10);
}

/** Without a progress callback, each stage and every tenth of the rows goes to the log. */
function progressLogger(runtime: Runtime): (progress: DemoFillProgress) => void {
  let last = '';
  return (progress) => {
    const step = `${progress.stage}|${progress.list ?? ''}|${Math.floor(progress.percent / 10)}`;
    if (step === last) return;
    last = step;
    runtime.log.info(
      { demo: progress },
      `demo county: ${progress.stage}${progress.list ? ` ${progress.list}` : ''} (${progress.percent} %)`,
    );
  };
}

export function demoBanner(result: DemoResult, url: string): string {
  const county = result.county
    ? `Sample data: ${describeCounty(result.county)}.`
    : result.filling
      ? 'Sample data (a county of parcels, distress lists and sales) is loading; it takes under a minute.'
      : undefined;
  if (!result.admin) {
    return `Demo tenant "${result.tenant.name}" already exists (its admin password was shown when it was created).${county ? ` ${county}` : ''}`;
  }
  return [
    '',
    '  ┌──────────────────────────────────────────────────────────────',
    `  │ Demo tenant "${result.tenant.name}" created. Sign in at ${url}`,
    `  │   email:    ${result.admin.email}`,
    `  │   password: ${result.admin.password}`,
    '  │ This password is shown only once.',
    ...(county ? [`  │ ${county}`] : []),
    '  └──────────────────────────────────────────────────────────────',
    '',
  ].join('\n');
}

function describeCounty(county: DemoCountySummary): string {
  const lists = county.lists.filter((list) => list.tags.length > 0).length;
  return `${county.county}, ${county.state}: ${county.parcels.toLocaleString('en-US')} parcels, ${lists} distress lists, ${county.sales.toLocaleString('en-US')} sales`;
}
