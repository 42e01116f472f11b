import { Type, type Static } from '@sinclair/typebox';
import { PageQuery, RoleSchema, Timestamp, Uuid } from '../../platform/http/contract.js';

export const Visibility = Type.Union([Type.Literal('all'), Type.Literal('assigned')], {
  description: '"all": every lead, deal and task of the tenant; "assigned": only those assigned to the member',
});
export type Visibility = Static<typeof Visibility>;

export const Member = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    visibility: Visibility,
    joinedAt: Timestamp,
  },
  { description: 'A user as a member of the current tenant' },
);
export type Member = Static<typeof Member>;

export const MemberQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const UpdateMemberBody = Type.Object(
  { role: Type.Optional(RoleSchema), visibility: Type.Optional(Visibility) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;
