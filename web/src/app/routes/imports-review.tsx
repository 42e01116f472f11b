import { Link } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { useCurrentMembership } from '../../lib/current-membership';
import { LookAlikeReview } from '../../features/imports/components/look-alike-review';
import { roleAtLeast } from '../../lib/roles';

export function ImportsReviewRoute() {
  const membership = useCurrentMembership();
  const canDecide = membership !== null && roleAtLeast(membership.role, 'member');

  return (
    <div className="page page-narrow">
      <Link to="/imports" className="back-link">
        <Icon name="arrowLeft" className="icon icon-sm" />
        Imports
      </Link>
      <PageHeader
        title="Review look-alikes"
        description="New properties whose address is close to one you have: same house number and ZIP, a slightly different street. Merge the pairs that are the same house."
      />
      <LookAlikeReview canDecide={canDecide} />
    </div>
  );
}
