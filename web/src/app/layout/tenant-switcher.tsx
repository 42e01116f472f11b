import { useSwitchTenant } from '../../features/auth/api';
import { useMe } from '../../lib/current-membership';
import { useToast } from '../../components/toast';
import type { TenantMembership } from '../../../../src/modules/tenants/schema';

/** Switching re-issues the session's tokens for the chosen tenant; the cache then refetches. */
export function TenantSwitcher({ current }: { current: TenantMembership }) {
  const me = useMe();
  const switchTenant = useSwitchTenant();
  const toast = useToast();
  const tenants = me.data?.tenants ?? [current];

  if (tenants.length < 2) {
    return (
      <div className="workspace-chip" title="Your workspace">
        <span className="workspace-initial" aria-hidden="true">
          {current.name.charAt(0).toUpperCase()}
        </span>
        <span>{current.name}</span>
      </div>
    );
  }

  return (
    <div className="workspace-switcher">
      <label htmlFor="tenant-switcher" className="visually-hidden">
        Switch workspace
      </label>
      <span className="workspace-initial" aria-hidden="true">
        {current.name.charAt(0).toUpperCase()}
      </span>
      <select
        id="tenant-switcher"
        value={current.id}
        disabled={switchTenant.isPending}
        onChange={(event) => {
          const target = tenants.find((tenant) => tenant.id === event.target.value);
          if (target) switchTenant.mutate(target.id, { onSuccess: () => toast.show('info', `Switched to ${target.name}`) });
        }}
      >
        {tenants.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.name}
          </option>
        ))}
      </select>
    </div>
  );
}
