import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, Page, errorResponses, noContent } from '../../platform/http/contract.js';
import { csvCell } from '../../platform/http/csv.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { createPipeline, deletePipeline, getPipeline, listPipelines, updatePipeline } from './pipelines.js';
import {
  Board,
  BoardQuery,
  CreateDealBody,
  CreatePipelineBody,
  Deal,
  DealDetail,
  DealQuery,
  Pipeline,
  CreateContactBody,
  CreateOfferBody,
  DealContact,
  DealContactParams,
  DealOfferParams,
  Offer,
  UpdateDealBody,
  UpdateOfferBody,
  UpdatePipelineBody,
} from './schema.js';
import { addContact, createOffer, removeContact, updateOffer } from './offers-and-contacts.js';
import { createDeal, deleteDeal, exportDeals, getDeal, listDeals, loadBoard, updateDeal } from './service.js';

const CONFLICT = { 409: Type.Ref('ErrorBody') } as const;
const CSV_COLUMNS = [
  'id',
  'title',
  'address',
  'ownerName',
  'pipelineId',
  'stageId',
  'stageKind',
  'daysInStage',
  'assigneeId',
  'dealType',
  'source',
  'temperature',
  'askingPrice',
  'contractPrice',
  'expectedCloseDate',
  'expectedProfit',
  'arv',
  'mao',
  'tags',
  'score',
  'nextTaskDueAt',
  'createdAt',
] as const;

export function dealRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/pipelines',
      {
        schema: {
          tags: ['deals'],
          summary: 'Pipelines of this tenant with their stages in order',
          response: { 200: Type.Object({ items: Type.Array(Pipeline) }), ...errorResponses },
        },
      },
      async (request) => listPipelines(db, principalOf(request).tenantId),
    );

    app.get(
      '/pipelines/:id',
      { schema: { tags: ['deals'], summary: 'One pipeline', params: IdParams, response: { 200: Pipeline, ...errorResponses } } },
      async (request) => getPipeline(db, principalOf(request).tenantId, request.params.id),
    );

    app.post(
      '/pipelines',
      {
        config: { minRole: 'admin', idempotent: true },
        schema: {
          tags: ['deals'],
          summary: 'Create a pipeline with its stages (admins)',
          body: CreatePipelineBody,
          response: { 201: Pipeline, ...errorResponses, ...CONFLICT },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createPipeline(db, principalOf(request).tenantId, actorOfRequest(request), request.body)),
    );

    app.patch(
      '/pipelines/:id',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['deals'],
          summary: 'Rename a pipeline or edit its stages (admins); a stage with deals is deleted only with moveDealsTo',
          params: IdParams,
          body: UpdatePipelineBody,
          response: { 200: Pipeline, ...errorResponses, ...CONFLICT },
        },
      },
      async (request) => updatePipeline(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id, request.body),
    );

    app.delete(
      '/pipelines/:id',
      {
        config: { minRole: 'admin' },
        schema: {
          tags: ['deals'],
          summary: 'Delete a pipeline without deals (admins)',
          params: IdParams,
          response: { ...noContent, ...errorResponses, ...CONFLICT },
        },
      },
      async (request, reply) => {
        await deletePipeline(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/pipelines/:id/board',
      {
        schema: {
          tags: ['deals'],
          summary: "A pipeline's board: every stage with its count, sums and first cards",
          params: IdParams,
          querystring: BoardQuery,
          response: { 200: Board, ...errorResponses },
        },
      },
      async (request) => loadBoard(db, principalOf(request).tenantId, request.params.id, request.query),
    );

    app.get(
      '/deals',
      {
        schema: {
          tags: ['deals'],
          summary: 'Deals, filtered and sorted, one page at a time',
          querystring: DealQuery,
          response: { 200: Page(Deal), ...errorResponses },
        },
      },
      async (request) => listDeals(db, principalOf(request).tenantId, request.query),
    );

    app.get(
      '/deals.csv',
      {
        schema: {
          tags: ['deals'],
          summary: 'Every deal of the filter as CSV',
          querystring: DealQuery,
          produces: ['text/csv'],
          response: errorResponses,
        },
      },
      async (request, reply) => {
        const deals = exportDeals(db, principalOf(request).tenantId, request.query);
        async function* lines() {
          yield CSV_COLUMNS.join(',') + '\n';
          for await (const deal of deals) yield CSV_COLUMNS.map((column) => csvCell(deal[column])).join(',') + '\n';
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="deals.csv"')
          .send(Readable.from(lines()));
      },
    );

    app.post(
      '/deals',
      {
        config: { idempotent: true },
        schema: {
          tags: ['deals'],
          summary: "Open a deal on a property (by default in the first pipeline's first stage, assigned to the caller)",
          body: CreateDealBody,
          response: { 201: Deal, ...errorResponses },
        },
      },
      async (request, reply) => reply.code(201).send(await createDeal(db, principalOf(request), actorOfRequest(request), request.body)),
    );

    app.get(
      '/deals/:id',
      {
        schema: {
          tags: ['deals'],
          summary: 'One deal with its offers, contacts and stage history',
          params: IdParams,
          response: { 200: DealDetail, ...errorResponses },
        },
      },
      async (request) => getDeal(db, principalOf(request).tenantId, request.params.id),
    );

    app.patch(
      '/deals/:id',
      {
        schema: {
          tags: ['deals'],
          summary: 'Edit a deal, move it to another stage or pipeline, or place its card in its column',
          params: IdParams,
          body: UpdateDealBody,
          response: { 200: Deal, ...errorResponses },
        },
      },
      async (request) => updateDeal(db, principalOf(request), actorOfRequest(request), request.params.id, request.body),
    );

    app.delete(
      '/deals/:id',
      {
        config: { minRole: 'admin' },
        schema: { tags: ['deals'], summary: 'Delete a deal (admins)', params: IdParams, response: { ...noContent, ...errorResponses } },
      },
      async (request, reply) => {
        await deleteDeal(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/deals/:id/offers',
      {
        config: { idempotent: true },
        schema: {
          tags: ['deals'],
          summary: "Record an offer on a deal; the amount defaults to the deal's maximum allowable offer",
          params: IdParams,
          body: CreateOfferBody,
          response: { 201: Offer, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await createOffer(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id, request.body)),
    );

    app.patch(
      '/deals/:id/offers/:offerId',
      {
        schema: {
          tags: ['deals'],
          summary: "Change an offer's amount, date or status",
          params: DealOfferParams,
          body: UpdateOfferBody,
          response: { 200: Offer, ...errorResponses },
        },
      },
      async (request) =>
        updateOffer(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id, request.params.offerId, request.body),
    );

    app.post(
      '/deals/:id/contacts',
      {
        config: { idempotent: true },
        schema: {
          tags: ['deals'],
          summary: 'Add a person to a deal (an heir, attorney, agent, …); the owners are there from the start',
          params: IdParams,
          body: CreateContactBody,
          response: { 201: DealContact, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await addContact(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id, request.body)),
    );

    app.delete(
      '/deals/:id/contacts/:contactId',
      {
        schema: {
          tags: ['deals'],
          summary: 'Remove a person from a deal',
          params: DealContactParams,
          response: { ...noContent, ...errorResponses },
        },
      },
      async (request, reply) => {
        await removeContact(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id, request.params.contactId);
        return reply.code(204).send(null);
      },
    );
  };
}
