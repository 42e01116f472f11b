import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, Page, errorResponses, noContent } from '../../platform/http/contract.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { CreateTaskBody, MyDay, MyDayQuery, Task, TaskQuery, UpdateTaskBody } from './schema.js';
import { createTask, deleteTask, getTask, listTasks, myDay, updateTask } from './service.js';

export function taskRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/tasks',
      {
        schema: {
          tags: ['tasks'],
          summary: 'Tasks, open ones by due time or done ones latest first, one page at a time',
          querystring: TaskQuery,
          response: { 200: Page(Task), ...errorResponses },
        },
      },
      async (request) => listTasks(db, principalOf(request), request.query),
    );

    app.get(
      '/tasks/my-day',
      {
        schema: {
          tags: ['tasks'],
          summary: "The caller's open tasks: overdue, due today in their time zone, and the week after",
          querystring: MyDayQuery,
          response: { 200: MyDay, ...errorResponses },
        },
      },
      async (request) => myDay(db, principalOf(request), request.query),
    );

    app.post(
      '/tasks',
      {
        config: { idempotent: true },
        schema: {
          tags: ['tasks'],
          summary: 'Create a dated task, linked to a deal, lead or property (assigned to the caller by default)',
          body: CreateTaskBody,
          response: { 201: Task, ...errorResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await createTask(db, principalOf(request), actorOfRequest(request), request.body)),
    );

    app.get(
      '/tasks/:id',
      { schema: { tags: ['tasks'], summary: 'One task', params: IdParams, response: { 200: Task, ...errorResponses } } },
      async (request) => getTask(db, principalOf(request).tenantId, request.params.id),
    );

    app.patch(
      '/tasks/:id',
      {
        schema: {
          tags: ['tasks'],
          summary: 'Edit a task, or mark it done (a repeating one comes back) or open again',
          params: IdParams,
          body: UpdateTaskBody,
          response: { 200: Task, ...errorResponses },
        },
      },
      async (request) => updateTask(db, principalOf(request), actorOfRequest(request), request.params.id, request.body),
    );

    app.delete(
      '/tasks/:id',
      { schema: { tags: ['tasks'], summary: 'Delete a task', params: IdParams, response: { ...noContent, ...errorResponses } } },
      async (request, reply) => {
        await deleteTask(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
