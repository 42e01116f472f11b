import { PageHeader } from '../../components/page-header';
import { useCurrentMembership } from '../../lib/current-membership';
import { ValuationSettingsForm } from '../../features/valuation/components/valuation-settings-form';
import { roleAtLeast } from '../../lib/roles';

/** The offer rules and costs every valuation uses: admins change them, everyone else reads them. */
export function ValuationSettingsRoute() {
  const membership = useCurrentMembership();
  const canEdit = !!membership && roleAtLeast(membership.role, 'admin');
  return (
    <div className="page">
      <PageHeader
        title="Valuation"
        description="The offer rule, deal costs and repair presets behind every property's maximum allowable offer and its flip, rental and wholesale numbers."
      />
      <ValuationSettingsForm canEdit={canEdit} />
    </div>
  );
}
