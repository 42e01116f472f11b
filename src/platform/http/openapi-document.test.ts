import { describe, expect, it } from 'vitest';
import { finishOpenApiDocument, operationIdOf } from './openapi-document.js';

describe('operationIdOf', () => {
  it('derives a camel-case id from the method and the path without the API prefix', () => {
    expect(operationIdOf('GET', '/api/v1/users/{id}')).toBe('getUsersById');
    expect(operationIdOf('get', '/api/v1/properties.csv')).toBe('getPropertiesCsv');
    expect(operationIdOf('post', '/api/v1/look-alikes/{id}')).toBe('postLookAlikesById');
    expect(operationIdOf('put', '/api/v1/imports/{id}/mapping')).toBe('putImportsByIdMapping');
    expect(operationIdOf('get', '/forms/{tenant}')).toBe('getFormsByTenant');
    expect(operationIdOf('get', '/healthz')).toBe('getHealthz');
  });
});

describe('finishOpenApiDocument', () => {
  it('names unnamed operations, keeps given names, declares 4XX/5XX and rewrites tuples', () => {
    const document = finishOpenApiDocument({
      paths: {
        '/api/v1/users': {
          get: { responses: { 200: { description: 'ok' } } },
          post: { operationId: 'inviteUser', responses: { 201: { description: 'ok' }, '4XX': { description: 'mine' } } },
        },
      },
      components: {
        schemas: {
          Interval: { type: 'array', items: [{ type: 'number' }, { type: 'number' }], additionalItems: false, minItems: 2, maxItems: 2 },
          Mixed: { type: 'array', items: [{ type: 'number' }, { type: 'string' }], additionalItems: false },
        },
      },
    });
    const users = document.paths['/api/v1/users'];
    expect(users.get).toMatchObject({ operationId: 'getUsers', responses: { '4XX': expect.anything(), '5XX': expect.anything() } });
    expect(users.post.operationId).toBe('inviteUser');
    expect(users.post.responses['4XX']).toEqual({ description: 'mine' });
    expect(document.components.schemas.Interval).toEqual({ type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 });
    expect(document.components.schemas.Mixed).toEqual({ type: 'array', items: { anyOf: [{ type: 'number' }, { type: 'string' }] } });
  });
});
