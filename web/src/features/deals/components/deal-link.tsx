import { Link } from 'react-router-dom';
import { Icon } from '../../../components/icons';
import { useDeal } from '../api';

/** A link to a deal named by its address; a deal the member cannot see (or that is gone) stays unnamed. */
export function DealLink({ dealId }: { dealId: string }) {
  const deal = useDeal(dealId);
  return (
    <Link to={`/deals/${dealId}`} className="record-link">
      <Icon name="kanban" className="icon icon-sm" />
      {deal.data ? (deal.data.address ?? deal.data.title) : 'Deal'}
    </Link>
  );
}
