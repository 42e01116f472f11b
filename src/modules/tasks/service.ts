import type { Actor, Principal } from '../../platform/auth/principal.js';
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
import { resolveRecordLinks } from '../activity/service.js';
import { recordAudit } from '../audit/record-audit.js';
import { assertAssignable } from '../users/service.js';
import type { CreateTaskBody, MyDayQuery, Task, TaskQuery, UpdateTaskBody } from './schema.js';

export const TASK_CREATED = 'task.created';
export const TASK_COMPLETED = 'task.completed';
export const TASK_REOPENED = 'task.reopened';
export const TASK_UPDATED = 'task.updated';

interface TaskRow {
  id: string;
  title: string;
  task_type: Task['type'];
  due_at: Date;
  time_zone: string;
  priority: Task['priority'];
  assignee_id: string | null;
  deal_id: string | null;
  lead_id: string | null;
  parcel_id: string | null;
  repeat_days: number | null;
  notes: string | null;
  done_at: Date | null;
  done_by: string | null;
  created_at: Date;
  updated_at: Date;
}

const TASK_COLUMNS = `t.id, t.title, t.task_type, t.due_at, t.time_zone, t.priority, t.assignee_id, t.deal_id, t.lead_id, t.parcel_id,
  t.repeat_days, t.notes, t.done_at, t.done_by, t.created_at, t.updated_at`;

function present(row: TaskRow, now = Date.now()): Task {
  return {
    id: row.id,
    title: row.title,
    type: row.task_type,
    dueAt: row.due_at.toISOString(),
    timeZone: row.time_zone,
    priority: row.priority,
    assigneeId: row.assignee_id,
    dealId: row.deal_id,
    leadId: row.lead_id,
    propertyId: row.parcel_id,
    repeatDays: row.repeat_days,
    notes: row.notes,
    done: row.done_at !== null,
    doneAt: row.done_at?.toISOString() ?? null,
    doneBy: row.done_by,
    overdue: row.done_at === null && row.due_at.getTime() < now,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** An IANA zone the runtime knows; anything else is the caller's mistake, not a 500. */
export function checkTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw new AppError('validation', `Unknown time zone ${timeZone}`);
  }
}

function dueTime(value: string): Date {
  const due = new Date(value);
  if (Number.isNaN(due.getTime())) throw new AppError('validation', `dueAt is not a date and time: ${value}`);
  return due;
}

async function readTask(tx: Tx, taskId: string): Promise<TaskRow> {
  const [row] = await tx.query<TaskRow>(`select ${TASK_COLUMNS} from tasks t where t.id = $1`, [taskId]);
  if (!row) throw notFound('Task');
  return row;
}

const userOf = (actor: Actor) => (actor.type === 'user' ? actor.id : null);

function eventPayload(task: Task) {
  return {
    taskId: task.id,
    dealId: task.dealId,
    leadId: task.leadId,
    propertyId: task.propertyId,
    assigneeId: task.assigneeId,
    title: task.title,
    type: task.type,
    dueAt: task.dueAt,
  };
}

export async function createTask(db: Database, principal: Principal, actor: Actor, body: CreateTaskBody): Promise<Task> {
  const due = dueTime(body.dueAt);
  const timeZone = checkTimeZone(body.timeZone ?? 'UTC');
  return db.withTenant(principal.tenantId, async (tx) => {
    const links = await resolveRecordLinks(tx, body);
    const assigneeId = body.assigneeId === undefined ? (principal.type === 'user' ? principal.userId : null) : body.assigneeId;
    await assertAssignable(tx, principal, assigneeId);
    const [created] = await tx.query<{ id: string }>(
      `insert into tasks (title, task_type, due_at, time_zone, priority, assignee_id, deal_id, lead_id, parcel_id, repeat_days, notes, created_by)
       values ($1, coalesce($2, 'follow_up'), $3, $4, coalesce($5, 'normal'), $6, $7, $8, $9, $10, $11, $12) returning id`,
      [
        body.title.trim(),
        body.type ?? null,
        due,
        timeZone,
        body.priority ?? null,
        assigneeId,
        links.dealId,
        links.leadId,
        links.propertyId,
        body.repeatDays ?? null,
        body.notes ?? null,
        userOf(actor),
      ],
    );
    const task = present(await readTask(tx, created!.id));
    await recordAudit(tx, actor, { action: 'task.created', entityType: 'task', entityId: task.id, after: task });
    await publishEvent(tx, { type: TASK_CREATED, payload: eventPayload(task), requestId: actor.requestId, actor });
    return task;
  });
}

/** The next time a repeating task is due: `days` after the later of its due date and now, at the same local time of day. */
const NEXT_DUE = `((greatest(t.due_at, now()) at time zone t.time_zone)::date + t.repeat_days
                   + (t.due_at at time zone t.time_zone)::time) at time zone t.time_zone`;

export async function updateTask(db: Database, principal: Principal, actor: Actor, taskId: string, body: UpdateTaskBody): Promise<Task> {
  const timeZone = body.timeZone === undefined ? undefined : checkTimeZone(body.timeZone);
  const due = body.dueAt === undefined ? undefined : dueTime(body.dueAt);
  return db.withTenant(principal.tenantId, async (tx) => {
    const before = present(await readTask(tx, taskId));
    if (body.assigneeId !== undefined) await assertAssignable(tx, principal, body.assigneeId);
    const sets: string[] = [];
    const params: unknown[] = [taskId];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (body.title !== undefined) set('title', body.title.trim());
    if (due !== undefined) set('due_at', due);
    if (timeZone !== undefined) set('time_zone', timeZone);
    if (body.type !== undefined) set('task_type', body.type);
    if (body.priority !== undefined) set('priority', body.priority);
    if (body.assigneeId !== undefined) set('assignee_id', body.assigneeId);
    if (body.repeatDays !== undefined) set('repeat_days', body.repeatDays);
    if (body.notes !== undefined) set('notes', body.notes);
    // A new due time is a new reminder.
    if (due !== undefined) sets.push('reminded_at = null');
    const completing = body.done === true && !before.done;
    const reopening = body.done === false && before.done;
    if (completing) {
      sets.push('done_at = now()');
      set('done_by', userOf(actor));
    }
    if (reopening) sets.push('done_at = null', 'done_by = null', 'reminded_at = null');
    if (sets.length === 0) return before;
    sets.push('updated_at = now()');
    await tx.query(`update tasks set ${sets.join(', ')} where id = $1`, params);
    const after = present(await readTask(tx, taskId));
    await recordAudit(tx, actor, {
      action: completing ? 'task.completed' : reopening ? 'task.reopened' : 'task.updated',
      entityType: 'task',
      entityId: taskId,
      before,
      after,
    });
    const type = completing ? TASK_COMPLETED : reopening ? TASK_REOPENED : TASK_UPDATED;
    await publishEvent(tx, { type, payload: eventPayload(after), requestId: actor.requestId, actor });
    if (completing && after.repeatDays !== null) await repeatTask(tx, actor, taskId);
    return after;
  });
}

/** A done repeating task comes back as a new open task, so the done one stays in the history. */
async function repeatTask(tx: Tx, actor: Actor, taskId: string): Promise<void> {
  const [next] = await tx.query<{ id: string }>(
    `insert into tasks (title, task_type, due_at, time_zone, priority, assignee_id, deal_id, lead_id, parcel_id, repeat_days, notes, created_by)
     select t.title, t.task_type, ${NEXT_DUE}, t.time_zone, t.priority, t.assignee_id, t.deal_id, t.lead_id, t.parcel_id,
            t.repeat_days, t.notes, $2
       from tasks t where t.id = $1
     returning id`,
    [taskId, userOf(actor)],
  );
  const task = present(await readTask(tx, next!.id));
  await recordAudit(tx, actor, { action: 'task.created', entityType: 'task', entityId: task.id, after: { ...task, repeats: taskId } });
  await publishEvent(tx, { type: TASK_CREATED, payload: { ...eventPayload(task), repeats: taskId }, requestId: actor.requestId, actor });
}

export async function deleteTask(db: Database, tenantId: string, actor: Actor, taskId: string): Promise<void> {
  await db.withTenant(tenantId, async (tx) => {
    const before = present(await readTask(tx, taskId));
    await tx.query('delete from tasks where id = $1', [taskId]);
    await recordAudit(tx, actor, { action: 'task.deleted', entityType: 'task', entityId: taskId, before });
    await publishEvent(tx, { type: 'task.deleted', payload: eventPayload(before), requestId: actor.requestId, actor });
  });
}

export function getTask(db: Database, tenantId: string, taskId: string): Promise<Task> {
  return db.withTenant(tenantId, async (tx) => present(await readTask(tx, taskId)));
}

const ID_KEY = { sql: 't.id', type: 'uuid' } as const;
const OPEN_ORDER: KeysetOrder = { keys: [{ sql: 't.due_at', type: 'timestamptz' }, ID_KEY], descending: false };
const DONE_ORDER: KeysetOrder = { keys: [{ sql: 't.done_at', type: 'timestamptz' }, ID_KEY], descending: true };

/** Open tasks by due time, or done ones latest first, one keyset page at a time. */
export async function listTasks(
  db: Database,
  principal: Principal,
  query: TaskQuery,
): Promise<{ items: Task[]; nextCursor: string | null }> {
  const status = query.status ?? 'open';
  const order = status === 'open' ? OPEN_ORDER : DONE_ORDER;
  const limit = query.limit ?? 50;
  const params: unknown[] = [];
  const conditions = [status === 'open' ? 't.done_at is null' : 't.done_at is not null'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (query.mine) {
    if (principal.type !== 'user') throw new AppError('validation', 'mine needs a signed-in member; use assigneeId');
    add('t.assignee_id = ?', principal.userId);
  }
  if (query.assigneeId) add('t.assignee_id = ?', query.assigneeId);
  if (query.dealId) add('t.deal_id = ?', query.dealId);
  if (query.leadId) add('t.lead_id = ?', query.leadId);
  if (query.propertyId) add('t.parcel_id = ?', query.propertyId);
  if (query.dueBefore) add('t.due_at < ?', dueTime(query.dueBefore));
  if (query.dueAfter) add('t.due_at >= ?', dueTime(query.dueAfter));
  const sort = `tasks-${status}`;
  if (query.cursor) conditions.push(afterPositionOf(order, decodeCursor(query.cursor, sort, [order]).keys, params));
  const rows = await db.withTenant(principal.tenantId, (tx) =>
    tx.query<TaskRow & Record<string, unknown>>(
      `select ${TASK_COLUMNS}, ${keyColumnsOf(order)} from tasks t where ${conditions.join(' and ')}
        order by ${orderByOf(order)} limit ${limit + 1}`,
      params,
    ),
  );
  const page = rows.slice(0, limit);
  const now = Date.now();
  return {
    items: page.map((row) => present(row, now)),
    nextCursor: rows.length > limit ? encodeCursor(sort, { part: 0, keys: keysOfRow(order, page.at(-1)!) }) : null,
  };
}

/** A member's open tasks as "My day" groups them: overdue, due today (in their time zone), and the week after. */
export async function myDay(db: Database, principal: Principal, query: MyDayQuery) {
  if (principal.type !== 'user') throw new AppError('validation', 'My day is a signed-in member’s page');
  const timeZone = checkTimeZone(query.timeZone ?? 'UTC');
  const limit = query.limit ?? 100;
  return db.withTenant(principal.tenantId, async (tx) => {
    const groups = await tx.query<TaskRow & { day_group: 'overdue' | 'today' | 'upcoming' }>(
      `with bounds as (
         select now() as now,
                ((now() at time zone $2)::date + 1)::timestamp at time zone $2 as tomorrow,
                ((now() at time zone $2)::date + 8)::timestamp at time zone $2 as week_end
       ), grouped as (
         select ${TASK_COLUMNS},
                case when t.due_at < b.now then 'overdue' when t.due_at < b.tomorrow then 'today' else 'upcoming' end as day_group,
                row_number() over (partition by t.due_at < b.now, t.due_at < b.tomorrow order by t.due_at, t.id) as rank
           from tasks t cross join bounds b
          where t.done_at is null and t.assignee_id = $1 and t.due_at < b.week_end
       )
       select * from grouped where rank <= $3 order by due_at, id`,
      [principal.userId, timeZone, limit],
    );
    const now = Date.now();
    const of = (group: string) => groups.filter((row) => row.day_group === group).map((row) => present(row, now));
    return { timeZone, overdue: of('overdue'), today: of('today'), upcoming: of('upcoming') };
  });
}
