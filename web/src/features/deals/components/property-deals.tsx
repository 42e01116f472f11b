import { Link, useNavigate } from 'react-router-dom';
import { Icon } from '../../../components/icons';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatMoney } from '../../../lib/format';
import { useCreateDeal, usePipelines, usePropertyDeals } from '../api';
import { DaysInStage, NextStep } from './deal-badges';

/** Opens a deal on the property in the first pipeline's first stage, assigned to the caller, and goes to it. */
export function CreateDealButton({ propertyId }: { propertyId: string }) {
  const createDeal = useCreateDeal();
  const navigate = useNavigate();
  const toast = useToast();
  return (
    <button
      type="button"
      className="btn btn-primary"
      disabled={createDeal.isPending}
      onClick={() =>
        createDeal.mutate(
          { propertyId },
          {
            onSuccess: (deal) => {
              toast.show('success', 'Deal created');
              navigate(`/deals/${deal.id}`);
            },
          },
        )
      }
    >
      <Icon name="plus" />
      {createDeal.isPending ? 'Creating…' : 'Create deal'}
    </button>
  );
}

/** The deals opened on a property, most recently updated first. */
export function PropertyDeals({ propertyId }: { propertyId: string }) {
  const deals = usePropertyDeals(propertyId);
  const pipelines = usePipelines();
  const stageNames = new Map(pipelines.data?.items.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.name])) ?? []);

  let body;
  if (deals.isPending) body = <LoadingState label="Loading deals…" />;
  else if (deals.isError) body = <ErrorState error={deals.error} onRetry={() => deals.refetch()} />;
  else if (deals.data.items.length === 0) {
    body = (
      <EmptyState title="No deal on this property yet">Create one to track it through the pipeline, with its offers and tasks.</EmptyState>
    );
  } else {
    body = (
      <ul className="property-deals">
        {deals.data.items.map((deal) => (
          <li key={deal.id}>
            <Link to={`/deals/${deal.id}`} className="cell-primary">
              {deal.title}
            </Link>
            <span className="badge badge-neutral">{stageNames.get(deal.stageId) ?? 'Stage'}</span>
            <DaysInStage deal={deal} />
            {deal.stageKind === 'open' && <NextStep deal={deal} />}
            <span className="property-deals-money">{deal.contractPrice === null ? '' : `Contract ${formatMoney(deal.contractPrice)}`}</span>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <section className="card" aria-labelledby="property-deals-title">
      <div className="card-header">
        <h2 id="property-deals-title">Deals</h2>
        <p>Opportunities on this property, with their stage and next step.</p>
      </div>
      {body}
    </section>
  );
}
