import { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { actorOfRequest, principalOf } from '../../platform/http/authentication.js';
import { IdParams, Uuid, errorResponses, noContent } from '../../platform/http/contract.js';
import { csvCell } from '../../platform/http/csv.js';
import type { Database } from '../../platform/db/database.js';
import type { App } from '../../platform/http/server.js';
import { deleteProperty, listDeletedProperties, restoreProperty } from './delete-property.js';
import { createProperty, editProperty } from './edit-property.js';
import {
  CreatePropertyBody,
  DeletedPropertyPage,
  DeletedPropertyQuery,
  ListSummary,
  PropertyDetail,
  PropertyEdit,
  PropertyPage,
  PropertyQuery,
} from './schema.js';
import { exportProperties, getProperty, listLists, listProperties } from './service.js';

const CSV_COLUMNS = [
  'id',
  'apn',
  'address',
  'city',
  'state',
  'zip',
  'propertyType',
  'beds',
  'baths',
  'livingSqft',
  'yearBuilt',
  'marketValue',
  'equity',
  'equityPercent',
  'taxOwed',
  'stackCount',
  'distressTags',
  'ownerNames',
  'score',
] as const;

export function propertyRoutes(db: Database) {
  return async (app: App) => {
    app.get(
      '/properties',
      {
        schema: {
          tags: ['properties'],
          summary: 'Properties, filtered and sorted, one page at a time',
          querystring: PropertyQuery,
          response: { 200: PropertyPage, ...errorResponses },
        },
      },
      async (request) => listProperties(db, principalOf(request).tenantId, request.query),
    );

    app.get(
      '/properties.csv',
      {
        schema: {
          tags: ['properties'],
          summary: 'Every property of the filter as CSV',
          querystring: PropertyQuery,
          produces: ['text/csv'],
          response: errorResponses,
        },
      },
      async (request, reply) => {
        const rows = exportProperties(db, principalOf(request).tenantId, request.query);
        async function* lines() {
          yield CSV_COLUMNS.join(',') + '\n';
          for await (const row of rows) yield CSV_COLUMNS.map((column) => csvCell(row[column])).join(',') + '\n';
        }
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="properties.csv"')
          .send(Readable.from(lines()));
      },
    );

    app.get(
      '/properties/:id',
      {
        schema: {
          tags: ['properties'],
          summary: 'One property with its owners, contacts, lists and field history',
          params: IdParams,
          response: { 200: PropertyDetail, ...errorResponses },
        },
      },
      async (request) => getProperty(db, principalOf(request).tenantId, request.params.id),
    );

    app.post(
      '/properties',
      {
        config: { idempotent: true },
        schema: {
          tags: ['properties'],
          summary: 'Add a property by hand from its address (409 naming the property when the address is one already)',
          body: CreatePropertyBody,
          response: { 201: Type.Object({ id: Uuid }), ...errorResponses, 409: Type.Ref('ErrorBody') },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await createProperty(db, principalOf(request).tenantId, actorOfRequest(request), request.body)),
    );

    app.patch(
      '/properties/:id',
      {
        schema: {
          tags: ['properties'],
          summary: 'Edit a property\'s fields by hand; each keeps "edited by" its editor as provenance and the old value in its history',
          params: IdParams,
          body: PropertyEdit,
          response: { 200: PropertyDetail, ...errorResponses },
        },
      },
      async (request) => {
        const { tenantId } = principalOf(request);
        await editProperty(db, tenantId, actorOfRequest(request), request.params.id, request.body);
        return getProperty(db, tenantId, request.params.id);
      },
    );

    app.delete(
      '/properties/:id',
      {
        config: { minRole: 'member' },
        schema: {
          tags: ['properties'],
          summary: 'Move a property to the trash, restorable for 30 days (409 when it has deals)',
          params: IdParams,
          response: { ...noContent, ...errorResponses, 409: Type.Ref('ErrorBody') },
        },
      },
      async (request, reply) => {
        await deleteProperty(db, principalOf(request).tenantId, actorOfRequest(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/deleted-properties',
      {
        schema: {
          tags: ['properties'],
          summary: 'Properties in the trash, newest first, each with the date it is removed for good',
          querystring: DeletedPropertyQuery,
          response: { 200: DeletedPropertyPage, ...errorResponses },
        },
      },
      async (request) => listDeletedProperties(db, principalOf(request).tenantId, request.query),
    );

    app.post(
      '/deleted-properties/:id/restore',
      {
        config: { minRole: 'member' },
        schema: {
          tags: ['properties'],
          summary: 'Bring a property back from the trash with everything it had (409 naming the property its address is now)',
          params: IdParams,
          response: { 200: PropertyDetail, ...errorResponses, 409: Type.Ref('ErrorBody') },
        },
      },
      async (request) => {
        const { tenantId } = principalOf(request);
        await restoreProperty(db, tenantId, actorOfRequest(request), request.params.id);
        return getProperty(db, tenantId, request.params.id);
      },
    );

    app.get(
      '/lists',
      {
        schema: {
          tags: ['properties'],
          summary: 'Lists of this tenant with their property counts',
          response: { 200: Type.Object({ items: Type.Array(ListSummary) }), ...errorResponses },
        },
      },
      async (request) => listLists(db, principalOf(request).tenantId),
    );
  };
}
