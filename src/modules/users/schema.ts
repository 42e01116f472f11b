import { Type, type Static } from '@sinclair/typebox';
import { PageQuery, RoleSchema, Timestamp, Uuid } from '../../platform/http/contract.js';

export const Member = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    joinedAt: Timestamp,
  },
  { description: 'A user as a member of the current tenant' },
);
export type Member = Static<typeof Member>;

export const MemberQuery = Type.Object({ ...PageQuery }, { additionalProperties: false });
export const ChangeRoleBody = Type.Object({ role: RoleSchema }, { additionalProperties: false });
export type ChangeRoleBody = Static<typeof ChangeRoleBody>;
