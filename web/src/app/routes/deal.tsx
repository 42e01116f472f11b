import { Link, useParams } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { ActivityPanel } from '../../features/activity/components/activity-panel';
import { PageHeader } from '../../components/page-header';
import { ErrorState, LoadingState } from '../../components/page-states';
import { useDeal, usePipelines } from '../../features/deals/api';
import { TemperatureBadge } from '../../features/deals/components/deal-badges';
import { DealContacts } from '../../features/deals/components/deal-contacts';
import { DealControls } from '../../features/deals/components/deal-controls';
import { DealFacts } from '../../features/deals/components/deal-facts';
import { DealMoneyForm } from '../../features/deals/components/deal-money-form';
import { DealOffers } from '../../features/deals/components/deal-offers';
import { StageHistory } from '../../features/deals/components/stage-history';
import { DealTasks } from '../../features/tasks/components/deal-tasks';
import { useMembers } from '../../features/users/api';
import { useCurrentMembership } from '../../lib/current-membership';
import { roleAtLeast } from '../../lib/roles';

function BackToBoard({ pipelineId }: { pipelineId?: string }) {
  return (
    <Link to={pipelineId ? `/deals?pipeline=${pipelineId}` : '/deals'} className="back-link">
      <Icon name="arrowLeft" className="icon icon-sm" />
      Deals
    </Link>
  );
}

export function DealRoute() {
  const { id = '' } = useParams();
  const deal = useDeal(id);
  const pipelines = usePipelines();
  const members = useMembers();
  const membership = useCurrentMembership();
  const canEdit = membership !== null && roleAtLeast(membership.role, 'member');

  if (deal.isPending) return <LoadingState label="Loading deal…" />;
  if (deal.isError) {
    return (
      <div className="page">
        <BackToBoard />
        <section className="card">
          <ErrorState
            error={deal.error}
            title={deal.error.status === 404 ? 'Deal not found' : undefined}
            action={
              <Link to="/deals" className="btn btn-secondary btn-sm">
                Back to the board
              </Link>
            }
          />
        </section>
      </div>
    );
  }

  const detail = deal.data;
  const pipelineList = pipelines.data?.items ?? [];
  const memberList = members.data?.pages.flatMap((page) => page.items) ?? [];
  const stageNames = new Map(pipelineList.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.name])));
  const memberNames = new Map(memberList.map((member) => [member.id, member.name || member.email]));
  const timelineNames = {
    stage: (stageId: string) => stageNames.get(stageId) ?? 'a deleted stage',
    member: (memberId: string) => memberNames.get(memberId) ?? 'a former member',
  };
  const mentionable = memberList.map((member) => ({ id: member.id, name: member.name || member.email }));
  const ownerPhone =
    detail.contacts.find((contact) => contact.role === 'owner' && contact.phone)?.phone ??
    detail.contacts.find((contact) => contact.phone)?.phone ??
    '';

  return (
    <div className="page page-wide deal-page">
      <BackToBoard pipelineId={detail.pipelineId} />
      <PageHeader
        title={detail.title}
        description={
          <span className="property-subtitle">
            <Link to={`/properties/${detail.propertyId}`} className="deal-property-link">
              <Icon name="building" className="icon icon-sm" />
              {detail.address && detail.address !== detail.title ? detail.address : 'Open the property'}
            </Link>
            {detail.ownerName && <span>Owner: {detail.ownerName}</span>}
            <TemperatureBadge temperature={detail.temperature} />
            {detail.stageKind === 'lost' && detail.lostReason && <span className="badge badge-danger">Lost: {detail.lostReason}</span>}
            {detail.stageKind === 'won' && <span className="badge badge-success">Won</span>}
          </span>
        }
      />
      {pipelines.data && <DealControls deal={detail} pipelines={pipelineList} members={memberList} canEdit={canEdit} />}
      <DealFacts deal={detail} />
      <div className="deal-layout">
        <div className="deal-main">
          <DealTasks dealId={detail.id} canEdit={canEdit} />
          <ActivityPanel
            record={{ type: 'deal', id: detail.id }}
            names={timelineNames}
            members={mentionable}
            canEdit={canEdit}
            defaultPhone={ownerPhone}
          />
          <DealOffers deal={detail} canEdit={canEdit} />
          <DealMoneyForm key={detail.id} deal={detail} canEdit={canEdit} />
        </div>
        <div className="deal-side">
          <DealContacts deal={detail} canEdit={canEdit} />
          <StageHistory changes={detail.stageChanges} stageNames={stageNames} memberNames={memberNames} />
        </div>
      </div>
    </div>
  );
}
