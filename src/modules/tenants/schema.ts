import { Type, type Static } from '@sinclair/typebox';
import { RoleSchema, Uuid } from '../../platform/http/contract.js';

export const TenantMembership = Type.Object({ id: Uuid, slug: Type.String(), name: Type.String(), role: RoleSchema }, {});
export type TenantMembership = Static<typeof TenantMembership>;
