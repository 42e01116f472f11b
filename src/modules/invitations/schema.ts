import { Type, type Static } from '@sinclair/typebox';
import { Email, RoleSchema, Timestamp, Uuid } from '../../platform/http/contract.js';

export const Invitation = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    role: RoleSchema,
    invitedBy: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    expiresAt: Timestamp,
    status: Type.Union([Type.Literal('pending'), Type.Literal('accepted'), Type.Literal('revoked'), Type.Literal('expired')]),
  },
  {},
);
export type Invitation = Static<typeof Invitation>;

export const CreateInvitationBody = Type.Object({ email: Email, role: RoleSchema }, { additionalProperties: false });
export type CreateInvitationBody = Static<typeof CreateInvitationBody>;

export const CreatedInvitation = Type.Composite(
  [Invitation, Type.Object({ acceptUrl: Type.String({ description: 'The invitation link, also emailed; shown only in this response' }) })],
  {},
);
export type CreatedInvitation = Static<typeof CreatedInvitation>;

export const InvitationPreview = Type.Object(
  { email: Type.String(), role: RoleSchema, tenantName: Type.String(), existingUser: Type.Boolean() },
  {},
);
export type InvitationPreview = Static<typeof InvitationPreview>;

export const InvitationTokenQuery = Type.Object({ token: Type.String({ maxLength: 200 }) }, { additionalProperties: false });

export const AcceptInvitationBody = Type.Object(
  {
    token: Type.String({ maxLength: 200 }),
    password: Type.String({ maxLength: 1024, description: 'A new password, or the current one if the email already has an account' }),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type AcceptInvitationBody = Static<typeof AcceptInvitationBody>;
