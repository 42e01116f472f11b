import { Link } from 'react-router-dom';
import { useToast } from '../../../components/toast';
import { useMarkAsLead } from '../api';

/** Puts a property in the leads inbox, with its first owner as the person to reach; routing picks the assignee. */
export function MarkAsLeadButton({ propertyId }: { propertyId: string }) {
  const markAsLead = useMarkAsLead(propertyId);
  const toast = useToast();
  if (markAsLead.isSuccess) {
    return (
      <Link to={`/leads?lead=${markAsLead.data.id}`} className="btn btn-secondary">
        Open the lead
      </Link>
    );
  }
  return (
    <button
      type="button"
      className="btn btn-secondary"
      disabled={markAsLead.isPending}
      onClick={() => markAsLead.mutate(undefined, { onSuccess: () => toast.show('success', 'Marked as a lead') })}
    >
      {markAsLead.isPending ? 'Marking…' : 'Mark as lead'}
    </button>
  );
}
