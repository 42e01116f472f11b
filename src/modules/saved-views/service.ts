import { roleAtLeast, type Actor, type Principal } from '../../platform/auth/principal.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { publishEvent } from '../../platform/events/outbox.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import { recordAudit } from '../audit/record-audit.js';
import type { CreateSavedViewBody, DealViewFilters, SavedView, SavedViewQuery, UpdateSavedViewBody } from './schema.js';

interface SavedViewRow {
  id: string;
  screen: SavedView['screen'];
  name: string;
  scope: SavedView['scope'];
  owner_id: string | null;
  created_by: string | null;
  layout: SavedView['layout'];
  pipeline_id: string | null;
  filters: DealViewFilters;
  sort: SavedView['sort'];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, screen, name, scope, owner_id, created_by, layout, pipeline_id, filters, sort, created_at, updated_at';

/** The view as the audit log keeps it: the same for every reader, so without canEdit. */
const recordOf = (row: SavedViewRow): Omit<SavedView, 'canEdit'> => ({
  id: row.id,
  screen: row.screen,
  name: row.name,
  scope: row.scope,
  layout: row.layout,
  pipelineId: row.pipeline_id,
  filters: row.filters,
  sort: row.sort,
  createdBy: row.created_by,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const isCreator = (principal: Principal, row: SavedViewRow) => principal.type === 'user' && row.created_by === principal.userId;

/**
 * A personal view the database returns is the caller's own (migration 0017 hides the
 * others'); a shared one may be changed by admins and by whoever made it. Viewers change none.
 */
function mayEdit(principal: Principal, row: SavedViewRow): boolean {
  if (!roleAtLeast(principal.role, 'member')) return false;
  return row.scope === 'personal' || roleAtLeast(principal.role, 'admin') || isCreator(principal, row);
}

const present = (row: SavedViewRow, principal: Principal): SavedView => ({ ...recordOf(row), canEdit: mayEdit(principal, row) });

async function readView(tx: Tx, id: string): Promise<SavedViewRow> {
  // Locked: two edits of one view apply one after the other, each checked against the row it changes.
  const [row] = await tx.query<SavedViewRow>(`select ${COLUMNS} from saved_views where id = $1 for update`, [id]);
  if (!row) throw notFound('Saved view');
  return row;
}

function assertMayEdit(principal: Principal, row: SavedViewRow): void {
  if (!mayEdit(principal, row)) throw forbidden('Only admins and its creator can change a shared view');
}

async function assertPipeline(tx: Tx, pipelineId: string | null | undefined): Promise<void> {
  if (!pipelineId) return;
  const [pipeline] = await tx.query('select 1 from pipelines where id = $1', [pipelineId]);
  if (!pipeline) throw new AppError('validation', 'pipelineId names no pipeline of this tenant');
}

/**
 * Audits a change and puts it on the outbox. The event reaches every live stream of
 * the tenant, so it names the view without its name or filters: a personal view stays private.
 */
async function recordChange(
  tx: Tx,
  actor: Actor,
  action: 'saved_view.created' | 'saved_view.updated' | 'saved_view.deleted',
  change: { before?: SavedViewRow; after?: SavedViewRow },
): Promise<void> {
  const row = (change.after ?? change.before)!;
  await recordAudit(tx, actor, {
    action,
    entityType: 'saved_view',
    entityId: row.id,
    before: change.before && recordOf(change.before),
    after: change.after && recordOf(change.after),
  });
  await publishEvent(tx, {
    type: action,
    payload: { savedViewId: row.id, screen: row.screen, scope: row.scope },
    requestId: actor.requestId,
    actor,
  });
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** Runs a write whose only unique key a caller can hit is the view's name in its scope (migration 0017). */
async function uniqueName<T>(name: string, scope: SavedView['scope'], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError(
      'conflict',
      scope === 'shared' ? `A shared view named ${name} exists already` : `You have a view named ${name} already`,
    );
  }
}

/** The shared views of a screen, then the caller's personal ones, each in the order they were made. */
export function listSavedViews(db: Database, principal: Principal, query: SavedViewQuery): Promise<{ items: SavedView[] }> {
  return db.withTenant(principal.tenantId, async (tx) => {
    const rows = await tx.query<SavedViewRow>(
      `select ${COLUMNS} from saved_views where screen = $1 order by scope = 'personal', created_at, id`,
      [query.screen],
    );
    return { items: rows.map((row) => present(row, principal)) };
  });
}

export async function createSavedView(db: Database, principal: Principal, actor: Actor, body: CreateSavedViewBody): Promise<SavedView> {
  if (body.scope === 'personal' && principal.type !== 'user') {
    throw new AppError('validation', 'A personal view belongs to a signed-in member; an API key can save shared views only');
  }
  const userId = principal.type === 'user' ? principal.userId : null;
  const name = body.name.trim();
  return db.withTenant(principal.tenantId, async (tx) => {
    await assertPipeline(tx, body.pipelineId);
    const [row] = await uniqueName(name, body.scope, () =>
      tx.query<SavedViewRow>(
        `insert into saved_views (screen, name, scope, owner_id, created_by, layout, pipeline_id, filters, sort)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
        [
          body.screen,
          name,
          body.scope,
          body.scope === 'personal' ? userId : null,
          userId,
          body.layout,
          body.pipelineId ?? null,
          JSON.stringify(body.filters ?? {}),
          body.sort ?? null,
        ],
      ),
    );
    await recordChange(tx, actor, 'saved_view.created', { after: row! });
    return present(row!, principal);
  });
}

/** Renames a view, shares or unshares it, or replaces what it shows; a field left out is kept. */
export async function updateSavedView(
  db: Database,
  principal: Principal,
  actor: Actor,
  id: string,
  body: UpdateSavedViewBody,
): Promise<SavedView> {
  return db.withTenant(principal.tenantId, async (tx) => {
    const before = await readView(tx, id);
    assertMayEdit(principal, before);
    const scope = body.scope ?? before.scope;
    const name = body.name?.trim() ?? before.name;
    // A shared view made personal becomes its creator's: an admin cannot take a teammate's view for themselves.
    if (scope === 'personal' && before.scope === 'shared' && !isCreator(principal, before)) {
      throw forbidden('Only its creator can make a shared view personal');
    }
    await assertPipeline(tx, body.pipelineId);
    const [after] = await uniqueName(name, scope, () =>
      tx.query<SavedViewRow>(
        `update saved_views set name = $2, scope = $3, owner_id = $4, layout = $5, pipeline_id = $6, filters = $7, sort = $8,
                updated_at = now()
          where id = $1 returning ${COLUMNS}`,
        [
          id,
          name,
          scope,
          scope === 'personal' ? (before.owner_id ?? before.created_by) : null,
          body.layout ?? before.layout,
          body.pipelineId === undefined ? before.pipeline_id : body.pipelineId,
          JSON.stringify(body.filters ?? before.filters),
          body.sort === undefined ? before.sort : body.sort,
        ],
      ),
    );
    await recordChange(tx, actor, 'saved_view.updated', { before, after: after! });
    return present(after!, principal);
  });
}

export async function deleteSavedView(db: Database, principal: Principal, actor: Actor, id: string): Promise<void> {
  await db.withTenant(principal.tenantId, async (tx) => {
    const before = await readView(tx, id);
    assertMayEdit(principal, before);
    await tx.query('delete from saved_views where id = $1', [id]);
    await recordChange(tx, actor, 'saved_view.deleted', { before });
  });
}
