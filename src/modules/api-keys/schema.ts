import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../../platform/http/contract.js';

export const ApiKeyRole = Type.Union([Type.Literal('admin'), Type.Literal('member'), Type.Literal('viewer')]);

export const ApiKey = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    role: ApiKeyRole,
    prefix: Type.String({ description: 'The non-secret start of the key, to recognise it' }),
    createdAt: Timestamp,
    createdBy: Type.Union([Type.String(), Type.Null()]),
    lastUsedAt: Type.Union([Timestamp, Type.Null()]),
    revokedAt: Type.Union([Timestamp, Type.Null()]),
  },
  {},
);
export type ApiKey = Static<typeof ApiKey>;

export const CreateApiKeyBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), role: ApiKeyRole },
  { additionalProperties: false },
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

export const CreatedApiKey = Type.Composite(
  [ApiKey, Type.Object({ key: Type.String({ description: 'The secret key, shown only in this response' }) })],
  {},
);
export type CreatedApiKey = Static<typeof CreatedApiKey>;
