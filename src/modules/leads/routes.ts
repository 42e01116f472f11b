import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, Page, errorResponses, noContent } from '../../platform/http/contract.js';
import { AppError } from '../../platform/http/errors.js';
import type { Actor } from '../../platform/auth/principal.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { findTenant, type Tenant } from '../tenants/service.js';
import { embedSnippet, leadFormPage, thanksPage, type FormValues } from './form-page.js';
import {
  BulkLeadBody,
  CapturedLead,
  Lead,
  LeadFields,
  LeadForm,
  LeadQuery,
  LeadRouting,
  LeadRoutingBody,
  MarkAsLeadBody,
  UpdateLeadBody,
  WebhookLead,
} from './schema.js';
import {
  captureLead,
  consentText,
  deleteLead,
  getLead,
  getLeadRouting,
  listLeads,
  markPropertyAsLead,
  setLeadRouting,
  updateLead,
  updateLeads,
  type LeadWarning,
} from './service.js';

const FORM_LIST = { source: 'web_form', listName: 'Website leads', tags: ['web_lead'] };
const FIELD_LABELS: Record<LeadWarning['field'], string> = {
  address: 'address',
  city: 'city',
  state: 'state',
  zip: 'ZIP code',
  name: 'name',
  phone: 'phone number',
  email: 'email address',
};
const publicActor = (request: FastifyRequest, label: string): Actor => ({
  type: 'system',
  id: null,
  label,
  requestId: request.id,
  ip: request.ip,
});

export function leadRoutes(db: Database) {
  return async (app: App) => {
    // The hosted form posts as a plain HTML form.
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const formLimit = app.createRateLimit({ max: 10, timeWindow: 60_000, keyGenerator: (request) => `lead-form:${request.ip}` });

    /** Resolves the tenant of a public form before the idempotency hook needs it. */
    const resolveTenant = async (request: FastifyRequest<{ Params: { tenant: string } }>) => {
      const tenant = await findTenant(db, request.params.tenant);
      if (!tenant) throw new AppError('not_found', 'No such form');
      request.publicTenantId = tenant.id;
      (request as FastifyRequest & { formTenant: Tenant }).formTenant = tenant;
    };
    const tenantOf = (request: FastifyRequest) => (request as FastifyRequest & { formTenant: Tenant }).formTenant;
    const framable = (reply: FastifyReply) => {
      // Other sites embed the form in a frame; nothing else here may be framed.
      reply.removeHeader('x-frame-options');
      reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors *");
    };

    app.get(
      '/forms/:tenant',
      {
        config: { public: true },
        schema: {
          tags: ['leads'],
          summary: 'The hosted seller-lead form of a tenant (HTML)',
          security: [],
          params: Type.Object({ tenant: Type.String({ maxLength: 100 }) }),
        },
        preValidation: resolveTenant,
      },
      async (request, reply) => {
        const tenant = tenantOf(request);
        framable(reply);
        return reply
          .type('text/html; charset=utf-8')
          .send(leadFormPage({ tenantName: tenant.name, action: `/forms/${tenant.slug}`, consentText: consentText(tenant.name) }));
      },
    );

    app.post(
      '/forms/:tenant',
      {
        config: { public: true, idempotent: true },
        schema: {
          tags: ['leads'],
          summary: 'Submit the hosted form (form-encoded answers HTML; JSON answers JSON)',
          security: [],
          params: Type.Object({ tenant: Type.String({ maxLength: 100 }) }),
          body: Type.Object(
            {
              ...LeadFields,
              address: Type.Optional(Type.String({ maxLength: 300 })),
              consent: Type.Optional(Type.String({ maxLength: 10 })),
              website: Type.Optional(Type.String({ maxLength: 500 })),
              page: Type.Optional(Type.String({ maxLength: 2000 })),
            },
            { additionalProperties: false },
          ),
        },
        preValidation: resolveTenant,
      },
      async (request, reply) => {
        const limited = await formLimit(request);
        if (!limited.isAllowed && limited.isExceeded)
          throw new AppError(
            'rate_limited',
            `Too many submissions; try again in ${limited.ttlInSeconds} s`,
            undefined,
            limited.ttlInSeconds,
          );
        const tenant = tenantOf(request);
        const body = request.body;
        const wantsJson = request.headers['content-type']?.startsWith('application/json') ?? false;
        const answer = (status: number, html: string, json: object) =>
          wantsJson ? reply.code(status).send(json) : (framable(reply), reply.code(status).type('text/html; charset=utf-8').send(html));
        // A filled hidden field means a bot: thank it and keep nothing.
        if (body.website) return answer(200, thanksPage(tenant.name), { status: 'received' });
        const shownConsent = consentText(tenant.name);
        try {
          if (!body.address?.trim()) throw new AppError('validation', 'Please enter the property address');
          if (!body.phone?.trim() && !body.email?.trim())
            throw new AppError('validation', 'Please enter a phone number or an email address');
          const lead = await captureLead(
            db,
            tenant.id,
            publicActor(request, 'web form'),
            FORM_LIST,
            { ...body, address: body.address },
            body.consent
              ? {
                  text: shownConsent,
                  grantedAt: new Date(),
                  ip: request.ip,
                  page: body.page ?? (typeof request.headers.referer === 'string' ? request.headers.referer : `/forms/${tenant.slug}`),
                  userAgent: request.headers['user-agent'] ?? null,
                }
              : null,
          );
          const notes = lead.warnings.map((w) => `We could not use the ${FIELD_LABELS[w.field]} "${w.value}".`);
          return answer(201, thanksPage(tenant.name, notes), { status: 'received', leadId: lead.id, warnings: lead.warnings });
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'validation' || wantsJson) throw error;
          const values: FormValues = body;
          return answer(
            400,
            leadFormPage({
              tenantName: tenant.name,
              action: `/forms/${tenant.slug}`,
              consentText: shownConsent,
              error: error.message,
              values,
            }),
            {},
          );
        }
      },
    );

    app.post(
      '/api/v1/leads',
      {
        config: { minRole: 'member', idempotent: true },
        schema: {
          tags: ['leads'],
          summary: 'Lead-source webhook: record a seller lead (API key or user)',
          body: WebhookLead,
          response: { 201: CapturedLead, ...errorResponses, 409: Type.Ref('ErrorBody') },
        },
      },
      async (request, reply) => {
        const { source, consent, ...lead } = request.body;
        const origin = { source, listName: `Leads: ${source}`, tags: ['web_lead'] };
        const evidence = consent
          ? {
              text: consent.text,
              grantedAt: new Date(consent.grantedAt),
              ip: consent.ip ?? null,
              page: consent.page ?? null,
              userAgent: null,
            }
          : null;
        return reply.code(201).send(await captureLead(db, principalOf(request).tenantId, actorOfRequest(request), origin, lead, evidence));
      },
    );

    app.get(
      '/api/v1/leads',
      {
        schema: {
          tags: ['leads'],
          summary: 'The leads inbox: newest first, by status, assignee or source, one page at a time',
          querystring: LeadQuery,
          response: { 200: Page(Lead), ...errorResponses },
        },
      },
      async (request) => listLeads(db, principalOf(request).tenantId, request.query),
    );

    app.get(
      '/api/v1/leads/:id',
      { schema: { tags: ['leads'], summary: 'One lead', params: IdParams, response: { 200: Lead, ...errorResponses } } },
      async (request) => getLead(db, principalOf(request).tenantId, request.params.id),
    );

    app.patch(
      '/api/v1/leads/:id',
      {
        schema: {
          tags: ['leads'],
          summary: 'Change a lead’s status (dead needs a reason), assignee, name or message',
          params: IdParams,
          body: UpdateLeadBody,
          response: { 200: Lead, ...errorResponses },
        },
      },
      async (request) => updateLead(db, principalOf(request), actorOfRequest(request), request.params.id, request.body),
    );

    app.delete(
      '/api/v1/leads/:id',
      {
        config: { minRole: 'admin' },
        schema: { tags: ['leads'], summary: 'Delete a lead (admins)', params: IdParams, response: { ...noContent, ...errorResponses } },
      },
      async (request, reply) => {
        await deleteLead(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/leads/bulk',
      {
        schema: {
          tags: ['leads'],
          summary: 'Assign many leads, or set their status, at once (all or none)',
          body: BulkLeadBody,
          response: { 200: Type.Object({ items: Type.Array(Lead) }), ...errorResponses },
        },
      },
      async (request) => updateLeads(db, principalOf(request), actorOfRequest(request), request.body),
    );

    app.post(
      '/api/v1/properties/:id/lead',
      {
        config: { idempotent: true },
        schema: {
          tags: ['leads'],
          summary: 'Mark a property as a lead (its first owner becomes the person to reach)',
          params: IdParams,
          body: MarkAsLeadBody,
          response: { 201: Lead, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await markPropertyAsLead(db, principalOf(request), actorOfRequest(request), request.params.id, request.body)),
    );

    app.get(
      '/api/v1/lead-routing',
      {
        schema: {
          tags: ['leads'],
          summary: 'The round-robin rotations new leads are assigned by, per source',
          response: { 200: Type.Object({ items: Type.Array(LeadRouting) }), ...errorResponses },
        },
      },
      async (request) => getLeadRouting(db, principalOf(request).tenantId),
    );

    app.put(
      '/api/v1/lead-routing',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['leads'],
          summary: 'Replace the rotations (admins); "*" covers every source without its own',
          body: LeadRoutingBody,
          response: { 200: Type.Object({ items: Type.Array(LeadRouting) }), ...errorResponses },
        },
      },
      async (request) => setLeadRouting(db, principalOf(request).tenantId, actorOfRequest(request), request.body),
    );

    app.get(
      '/api/v1/lead-form',
      {
        schema: {
          tags: ['leads'],
          summary: "This tenant's hosted form link and an HTML snippet to embed it",
          response: { 200: LeadForm, ...errorResponses },
        },
      },
      async (request) => {
        const tenant = await findTenant(db, principalOf(request).tenantId);
        const url = `${request.protocol}://${request.host}/forms/${tenant!.slug}`;
        return { url, snippet: embedSnippet(url), consentText: consentText(tenant!.name) };
      },
    );
  };
}
