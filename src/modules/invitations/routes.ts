import { Type } from '@sinclair/typebox';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { clientOf } from '../../platform/http/client-info.js';
import { IdParams, errorResponses, noContent } from '../../platform/http/contract.js';
import type { App } from '../../platform/http/server.js';
import { TokenPair } from '../identity/schema.js';
import { startSession, type IdentityDeps } from '../identity/service.js';
import {
  AcceptInvitationBody,
  CreateInvitationBody,
  CreatedInvitation,
  Invitation,
  InvitationPreview,
  InvitationTokenQuery,
} from './schema.js';
import { acceptInvitation, createInvitation, listInvitations, previewInvitation, revokeInvitation } from './service.js';

export function invitationRoutes(deps: IdentityDeps, publicUrl: string) {
  const { db } = deps;
  return async (app: App) => {
    app.get(
      '/invitations',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'Invitations of this tenant (admins)',
          response: { 200: Type.Object({ items: Type.Array(Invitation) }), ...errorResponses },
        },
      },
      async (request) => listInvitations(db, principalOf(request).tenantId),
    );

    app.post(
      '/invitations',
      {
        config: { minRole: 'admin', idempotent: true },
        schema: {
          tags: ['users'],
          summary: 'Invite someone by email (admins); the link is emailed and returned once',
          body: CreateInvitationBody,
          response: { 201: CreatedInvitation, ...errorResponses, 409: Type.Ref('ErrorBody') },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createInvitation(db, principalOf(request), actorOfRequest(request), request.body, publicUrl)),
    );

    app.delete(
      '/invitations/:id',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['users'],
          summary: 'Revoke a pending invitation (admins)',
          params: IdParams,
          response: { ...noContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await revokeInvitation(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/invitations/preview',
      {
        config: { public: true },
        schema: {
          tags: ['users'],
          summary: 'What an invitation link invites to',
          security: [],
          querystring: InvitationTokenQuery,
          response: { 200: InvitationPreview, 404: Type.Ref('ErrorBody') },
        },
      },
      async (request) => previewInvitation(db, request.query.token),
    );

    app.post(
      '/invitations/accept',
      {
        config: { public: true },
        schema: {
          tags: ['users'],
          summary: 'Accept an invitation and sign in',
          security: [],
          body: AcceptInvitationBody,
          response: { 200: TokenPair, ...errorResponses },
        },
      },
      async (request) => {
        const client = clientOf(request);
        const accepted = await acceptInvitation(db, request.body, client.requestId, client.ip);
        return startSession(deps, accepted.userId, accepted.tenantId, client);
      },
    );
  };
}
