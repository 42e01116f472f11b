import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, Page, errorResponses, noContent } from '../../platform/http/contract.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { UpdateMemberBody, Member, MemberQuery } from './schema.js';
import { updateMember, getMember, listMembers, removeMember } from './service.js';

export function userRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Members of this tenant',
          querystring: MemberQuery,
          response: { 200: Page(Member), ...errorResponses },
        },
      },
      async (request) => listMembers(db, principalOf(request).tenantId, request.query),
    );

    app.get(
      '/users/:id',
      { schema: { tags: ['users'], summary: 'One member', params: IdParams, response: { 200: Member, ...errorResponses } } },
      async (request) => getMember(db, principalOf(request).tenantId, request.params.id),
    );

    app.patch(
      '/users/:id',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['users'],
          summary: "Change a member's role or visibility (admins; only owners grant or change owner)",
          params: IdParams,
          body: UpdateMemberBody,
          response: { 200: Member, ...errorResponses },
        },
      },
      async (request) => updateMember(db, principalOf(request), actorOfRequest(request), request.params.id, request.body),
    );

    app.delete(
      '/users/:id',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'Remove a member from this tenant (admins)',
          params: IdParams,
          response: { ...noContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await removeMember(db, principalOf(request), actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
}
