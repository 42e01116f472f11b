import { Type, type Static } from '@sinclair/typebox';
import { Nullable, OneOf, PageQuery, Timestamp, Uuid } from '../../platform/http/contract.js';

export const TASK_TYPES = ['call', 'text', 'email', 'visit', 'meeting', 'follow_up', 'other'] as const;
export const PRIORITIES = ['low', 'normal', 'high'] as const;

const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. America/Chicago' });

export const Task = Type.Object({
  id: Uuid,
  title: Type.String(),
  type: OneOf(TASK_TYPES),
  dueAt: Timestamp,
  timeZone: TimeZone,
  priority: OneOf(PRIORITIES),
  assigneeId: Nullable(Uuid),
  dealId: Nullable(Uuid),
  leadId: Nullable(Uuid),
  propertyId: Nullable(Uuid),
  repeatDays: Nullable(Type.Integer({ description: 'Comes back this many days after it is done' })),
  notes: Nullable(Type.String()),
  done: Type.Boolean(),
  doneAt: Nullable(Timestamp),
  doneBy: Nullable(Uuid),
  overdue: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Task = Static<typeof Task>;

const RepeatDays = Type.Integer({ minimum: 1, maximum: 3650 });

export const CreateTaskBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300 }),
    dueAt: Type.String({ format: 'date-time' }),
    timeZone: Type.Optional(TimeZone),
    type: Type.Optional(OneOf(TASK_TYPES)),
    priority: Type.Optional(OneOf(PRIORITIES)),
    assigneeId: Type.Optional(Nullable(Uuid)),
    dealId: Type.Optional(Uuid),
    leadId: Type.Optional(Uuid),
    propertyId: Type.Optional(Uuid),
    repeatDays: Type.Optional(Nullable(RepeatDays)),
    notes: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export type CreateTaskBody = Static<typeof CreateTaskBody>;

export const UpdateTaskBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    dueAt: Type.Optional(Type.String({ format: 'date-time' })),
    timeZone: Type.Optional(TimeZone),
    type: Type.Optional(OneOf(TASK_TYPES)),
    priority: Type.Optional(OneOf(PRIORITIES)),
    assigneeId: Type.Optional(Nullable(Uuid)),
    repeatDays: Type.Optional(Nullable(RepeatDays)),
    notes: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
    done: Type.Optional(Type.Boolean({ description: 'true: done (a repeating task comes back); false: open again' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateTaskBody = Static<typeof UpdateTaskBody>;

export const TaskQuery = Type.Object(
  {
    assigneeId: Type.Optional(Uuid),
    mine: Type.Optional(Type.Boolean({ description: 'Only the tasks assigned to the caller' })),
    dealId: Type.Optional(Uuid),
    leadId: Type.Optional(Uuid),
    propertyId: Type.Optional(Uuid),
    status: Type.Optional(OneOf(['open', 'done'] as const, 'Open tasks by due time (default), or done ones, latest first')),
    dueBefore: Type.Optional(Type.String({ format: 'date-time' })),
    dueAfter: Type.Optional(Type.String({ format: 'date-time' })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type TaskQuery = Static<typeof TaskQuery>;

export const MyDayQuery = Type.Object(
  {
    timeZone: Type.Optional(TimeZone),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100, description: 'Tasks per group' })),
  },
  { additionalProperties: false },
);
export type MyDayQuery = Static<typeof MyDayQuery>;

export const MyDay = Type.Object({
  timeZone: TimeZone,
  overdue: Type.Array(Task),
  today: Type.Array(Task),
  upcoming: Type.Array(Task, { description: 'Due in the next 7 days after today' }),
});
