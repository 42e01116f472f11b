import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from '../../platform/http/contract.js';
import { TenantMembership } from '../tenants/schema.js';

export const LoginBody = Type.Object(
  {
    email: Type.String({ maxLength: 320 }),
    password: Type.String({ maxLength: 1024 }),
    tenant: Type.Optional(Type.String({ maxLength: 100, description: 'Tenant slug or id; the first membership when absent' })),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const RefreshBody = Type.Object(
  {
    refreshToken: Type.String({ maxLength: 200 }),
    tenant: Type.Optional(Type.String({ maxLength: 100, description: 'Switch the session to this tenant (slug or id)' })),
  },
  { additionalProperties: false },
);
export type RefreshBody = Static<typeof RefreshBody>;

export const LogoutBody = Type.Object({ refreshToken: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });

export const SessionUser = Type.Object({ id: Uuid, email: Type.String(), name: Type.String() });

export const TokenPair = Type.Object(
  {
    accessToken: Type.String(),
    refreshToken: Type.String({ description: 'Single use: every refresh returns a new one; reusing an old one ends the session' }),
    expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
    tenant: TenantMembership,
    user: SessionUser,
  },
  {},
);
export type TokenPair = Static<typeof TokenPair>;

export const Me = Type.Object(
  {
    principal: Type.Union([Type.Literal('user'), Type.Literal('api_key')]),
    user: Type.Union([SessionUser, Type.Null()]),
    apiKey: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
    tenant: TenantMembership,
    tenants: Type.Array(TenantMembership),
  },
  {},
);
export type Me = Static<typeof Me>;

export const Session = Type.Object(
  {
    id: Uuid,
    current: Type.Boolean(),
    createdAt: Timestamp,
    lastUsedAt: Timestamp,
    expiresAt: Timestamp,
    ip: Type.Union([Type.String(), Type.Null()]),
    userAgent: Type.Union([Type.String(), Type.Null()]),
  },
  {},
);
export type Session = Static<typeof Session>;
