import { useQuery } from '@tanstack/react-query';
import type { Me } from '../../../src/modules/identity/schema';
import type { TenantMembership } from '../../../src/modules/tenants/schema';
import { apiRequest } from './api-client';
import { useSession } from './use-session';

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => apiRequest<Me>('/me') });
}

/**
 * The signed-in user's tenant and role. /me is authoritative (a role may have
 * changed since the token was issued); until it loads, the token pair's copy is used.
 */
export function useCurrentMembership(): TenantMembership | null {
  const session = useSession();
  const me = useMe();
  if (session.status !== 'signed-in') return null;
  return me.data?.tenant.id === session.tenant.id ? me.data.tenant : session.tenant;
}
