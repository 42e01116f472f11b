/**
 * Fills a tenant with the demo county through the same import pipeline users
 * go through: the files are written as CSV, each is registered with
 * `createImport` (its proposed mapping, as a user would confirm it) and run
 * with `runImport`; then the team's outcomes and the sales history are loaded.
 * Safe to run again: a list whose import completed is skipped, an interrupted
 * import resumes after its last written batch, outcomes and sales are loaded once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemActor } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { runImport } from '../imports/run-import.js';
import { createImport, previewFile } from '../imports/service.js';
import { buildCountyFiles, DEMO_LISTS, toCsv, type DemoFileKey, type DemoListFile } from './county-files.js';
import type { DemoCounty } from './county-model.js';
import { DEFAULT_DEMO_PARCELS, DEFAULT_DEMO_SEED, generateCounty } from './generate-county.js';

/** Where the demo's sales and outcomes say they came from; loaded sales also mark a finished fill. */
export const DEMO_SALES_SOURCE = 'demo county';
const SALES_BATCH = 2000;

export interface DemoFillProgress {
  stage: 'generating' | 'importing' | 'loading sales' | 'done';
  /** The list being imported. */
  list?: string;
  rowsDone: number;
  rowsTotal: number;
  percent: number;
}

export interface FillDemoCountyOptions {
  seed?: number;
  /** Parcels in the county (default 20,000); tests use fewer. */
  parcels?: number;
  /** The day the county is seen from (YYYY-MM-DD): sales run up to it. */
  asOf?: string;
  /** Where the list files are written while they are imported (default: the system's temporary folder). */
  workDir?: string;
  /** False when the caller enriches and scores the whole county itself once it is in: the lists' imports then start no enrichment jobs. */
  announceImports?: boolean;
  onProgress?: (progress: DemoFillProgress) => void;
}

export interface DemoListSummary {
  key: DemoFileKey;
  listName: string;
  tags: string[];
  layout: string;
  importId: string;
  rows: number;
  inserted: number;
  merged: number;
  unchanged: number;
  rejected: number;
  review: number;
  /** False when an earlier run had already completed this import. */
  importedNow: boolean;
}

export interface DemoCountySummary {
  county: string;
  state: string;
  asOf: string;
  parcels: number;
  lists: DemoListSummary[];
  sales: number;
  /** Misspelled addresses in the hand-kept list that became parcels of their own, flagged for review. */
  lookAlikes: number;
  /** Parcels with an outcome (contacted, appointment, under contract, won, dead). */
  outcomes: number;
  seconds: number;
}

export type DemoCountyState = 'empty' | 'partial' | 'filled' | 'other data';

/**
 * What a tenant holds: nothing yet, an unfinished demo fill, a finished one, or
 * data of its own (which a demo fill must not be mixed into).
 */
export async function demoCountyState(db: Database, tenantId: string): Promise<DemoCountyState> {
  const [row] = await db.withTenant(tenantId, (tx) =>
    tx.query<{ sales: boolean; demo_lists: boolean; anything: boolean }>(
      `select exists (select 1 from property_sales where source = $1) as sales,
              exists (select 1 from lists where name = any($2::text[])) as demo_lists,
              exists (select 1 from lists) or exists (select 1 from parcels) as anything`,
      [DEMO_SALES_SOURCE, Object.values(DEMO_LISTS).map((list) => list.listName)],
    ),
  );
  if (row!.sales) return 'filled';
  if (row!.demo_lists) return 'partial';
  return row!.anything ? 'other data' : 'empty';
}

export async function fillDemoCounty(db: Database, tenantId: string, options: FillDemoCountyOptions = {}): Promise<DemoCountySummary> {
  const started = Date.now();
  const onProgress = options.onProgress ?? (() => {});
  onProgress({ stage: 'generating', rowsDone: 0, rowsTotal: 0, percent: 0 });
  const county = generateCounty({
    seed: options.seed ?? DEFAULT_DEMO_SEED,
    parcels: options.parcels ?? DEFAULT_DEMO_PARCELS,
    asOf: options.asOf,
  });
  const { files, lookAlikes } = buildCountyFiles(county);
  const rowsTotal = files.reduce((sum, file) => sum + file.rows.length, 0) + county.sales.length;
  let rowsBefore = 0;
  const report = (stage: DemoFillProgress['stage'], rowsDone: number, list?: string) =>
    onProgress({ stage, list, rowsDone, rowsTotal, percent: rowsTotal ? Math.round((1000 * rowsDone) / rowsTotal) / 10 : 100 });

  // One folder per tenant: an import interrupted by a crash finds its file at the same path and resumes.
  const dir = path.join(options.workDir ?? os.tmpdir(), `reos-demo-county-${tenantId}`);
  fs.mkdirSync(dir, { recursive: true });
  const lists: DemoListSummary[] = [];
  try {
    for (const file of files) {
      report('importing', rowsBefore, file.listName);
      const onRows = (rowsDone: number) => report('importing', rowsBefore + rowsDone, file.listName);
      lists.push(await importFile(db, tenantId, dir, file, onRows, options.announceImports ?? true));
      rowsBefore += file.rows.length;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  report('loading sales', rowsBefore);
  // Before the sales: loaded sales mark a finished fill.
  const outcomes = await loadOutcomes(db, tenantId, county);
  const sales = await loadSales(db, tenantId, county);
  report('done', rowsTotal);
  return {
    county: `${county.county} County`,
    state: county.state,
    asOf: county.asOf,
    parcels: county.parcels.length,
    lists,
    sales,
    lookAlikes,
    outcomes,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

async function importFile(
  db: Database,
  tenantId: string,
  dir: string,
  file: DemoListFile,
  onRows: (rowsDone: number) => void,
  announce: boolean,
): Promise<DemoListSummary> {
  const filePath = path.join(dir, file.fileName);
  const [earlier] = await db.withTenant(tenantId, (tx) =>
    tx.query<{
      id: string;
      status: string;
      file_path: string;
      layout: string | null;
      rows_done: number;
      inserted: number;
      merged: number;
      unchanged: number;
      rejected: number;
      review: number;
    }>(
      `select i.id, i.status, i.file_path, i.layout, i.rows_done, i.inserted, i.merged, i.unchanged, i.rejected, i.review
         from imports i join lists l on l.id = i.list_id
        where l.name = $1 and i.file_name = $2
        order by (i.status = 'completed') desc, i.created_at desc limit 1`,
      [file.listName, file.fileName],
    ),
  );
  const summary = { key: file.key, listName: file.listName, tags: file.tags };
  if (earlier?.status === 'completed') {
    const { id, layout, rows_done, inserted, merged, unchanged, rejected, review } = earlier;
    return {
      ...summary,
      layout: layout ?? 'generic',
      importId: id,
      rows: rows_done,
      inserted,
      merged,
      unchanged,
      rejected,
      review,
      importedNow: false,
    };
  }
  // The same county gives the same bytes, so an interrupted import of this file continues where it stopped.
  fs.writeFileSync(filePath, toCsv(file));
  let importId = earlier?.file_path === filePath ? earlier.id : undefined;
  let layout = earlier?.layout ?? 'generic';
  if (!importId) {
    // The mapping a user would confirm on the mapping screen: the proposed one.
    const { proposal } = await previewFile(filePath);
    const { import: created } = await createImport(db, tenantId, systemActor('demo'), {
      filePath,
      fileName: file.fileName,
      listName: file.listName,
      tags: file.tags,
      mapping: proposal.mapping,
      enqueue: false,
    });
    importId = created.id;
    layout = proposal.layout.name;
  }
  const result = await runImport(db, tenantId, importId, (progress) => onRows(progress.rowsDone), { announce });
  return {
    ...summary,
    layout,
    importId,
    rows: result.rowsDone,
    inserted: result.inserted,
    merged: result.merged,
    unchanged: result.unchanged,
    rejected: result.rejected,
    review: result.review,
    importedNow: true,
  };
}

/**
 * The outcomes of the parcels the demo team worked, matched by APN in one
 * statement. The driving-for-dollars list brought some of them in already, as
 * its lead status; an outcome already there is kept.
 */
async function loadOutcomes(db: Database, tenantId: string, county: DemoCounty): Promise<number> {
  return db.withTenant(tenantId, async (tx) => {
    await tx.query(
      `insert into parcel_outcomes (parcel_id, outcome, source)
       select p.id, x.outcome, $4 from unnest($2::text[], $3::text[]) as x(apn, outcome) join parcels p on p.county = $1 and p.apn = x.apn
       on conflict do nothing`,
      [
        county.county,
        county.outcomes.map((o) => county.parcels[o.parcelIndex]!.apn),
        county.outcomes.map((o) => o.outcome),
        DEMO_SALES_SOURCE,
      ],
    );
    const [count] = await tx.query<{ count: number }>('select count(*)::int as count from parcel_outcomes');
    return count!.count;
  });
}

/**
 * The three years of sales, matched to the imported parcels by APN, in one
 * transaction: either all are there or none, so "loaded" is a yes-or-no fact.
 * Returns how many sales the county now has recorded, the lists' last sales included.
 */
async function loadSales(db: Database, tenantId: string, county: DemoCounty): Promise<number> {
  return db.withTenant(tenantId, async (tx: Tx) => {
    const recorded = async () => (await tx.query<{ count: number }>('select count(*)::int as count from property_sales'))[0]!.count;
    const [loaded] = await tx.query<{ count: number }>('select count(*)::int as count from property_sales where source = $1', [
      DEMO_SALES_SOURCE,
    ]);
    if (loaded!.count > 0) return recorded();
    const parcels = await tx.query<{ id: string; apn: string }>('select id, apn from parcels where county = $1 and apn = any($2::text[])', [
      county.county,
      [...new Set(county.sales.map((sale) => county.parcels[sale.parcelIndex]!.apn))],
    ]);
    const idOf = new Map(parcels.map((p) => [p.apn, p.id]));
    const rows = county.sales.flatMap((sale) => {
      const parcelId = idOf.get(county.parcels[sale.parcelIndex]!.apn);
      return parcelId
        ? [{ parcel_id: parcelId, sale_date: sale.date, price: sale.price, buyer_name: sale.buyer, seller_name: sale.seller }]
        : [];
    });
    for (let from = 0; from < rows.length; from += SALES_BATCH) {
      // The lists recorded each parcel's last sale as they were imported: the history adds the rest.
      await tx.query(
        `insert into property_sales (parcel_id, sale_date, price, buyer_name, seller_name, source)
         select parcel_id, sale_date, price, buyer_name, seller_name, $2
           from jsonb_to_recordset($1::jsonb) as x(parcel_id uuid, sale_date date, price numeric, buyer_name text, seller_name text)
          where not exists (select 1 from property_sales s where s.parcel_id = x.parcel_id and s.sale_date = x.sale_date)`,
        [JSON.stringify(rows.slice(from, from + SALES_BATCH)), DEMO_SALES_SOURCE],
      );
    }
    return recorded();
  });
}
