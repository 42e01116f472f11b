import { Link, useParams } from 'react-router-dom';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { ErrorState, LoadingState } from '../../components/page-states';
import { ActivityPanel } from '../../features/activity/components/activity-panel';
import { usePipelines } from '../../features/deals/api';
import { CreateDealButton, PropertyDeals } from '../../features/deals/components/property-deals';
import { useImportsById, type ImportView } from '../../features/imports/api';
import { MarkAsLeadButton } from '../../features/leads/components/mark-as-lead-button';
import { useProperty, type PropertyDetail } from '../../features/properties/api';
import { DeletePropertyButton } from '../../features/properties/components/delete-property-button';
import { StackBadge, TagChips } from '../../features/properties/components/property-badges';
import { PropertyFields } from '../../features/properties/components/property-fields';
import { PropertyHistory } from '../../features/properties/components/property-history';
import { PropertyLists } from '../../features/properties/components/property-lists';
import { PropertyOwners } from '../../features/properties/components/property-owners';
import { ScoreCard } from '../../features/scoring/components/score-card';
import { ValuationPanel } from '../../features/valuation/components/valuation-panel';
import { PropertyEnrichmentCard } from '../../features/enrichment/components/property-enrichment-card';
import { useMembers } from '../../features/users/api';
import type { DescribeSource } from '../../features/properties/components/provenance-hint';
import { useCurrentMembership } from '../../lib/current-membership';
import { formatFieldValue } from '../../lib/field-specs';
import { formatMoney, formatPercent } from '../../lib/format';
import { roleAtLeast } from '../../lib/roles';

const IMPORT_SOURCE = /^import:([0-9a-f-]{36})$/i;

/** The imports a property's values came from, so each source can be named by its list and file. */
function importIdsOf(property: PropertyDetail | undefined): string[] {
  if (!property) return [];
  const sources = [
    ...Object.values(property.provenance).map((entry) => (entry as { source?: unknown }).source),
    ...property.history.map((entry) => entry.source),
  ];
  const ids = sources.flatMap((source) => (typeof source === 'string' ? (IMPORT_SOURCE.exec(source)?.[1] ?? []) : []));
  return [...new Set(ids)].sort();
}

function sourceNamer(imports: Map<string, ImportView>): DescribeSource {
  return (source) => {
    const id = IMPORT_SOURCE.exec(source)?.[1];
    if (!id) return { label: source };
    const view = imports.get(id);
    if (!view) return { label: `Import ${id.slice(0, 8)}`, detail: `Import ${id}` };
    return { label: view.listName, detail: `From ${view.fileName}, imported to the list “${view.listName}”` };
  };
}

function KeyFact({ label, value, note }: { label: string; value: string | null; note?: string | null }) {
  return (
    <div className="key-fact">
      <span className="key-fact-label">{label}</span>
      <span className="key-fact-value">{value ?? '—'}</span>
      {note && <span className="key-fact-note">{note}</span>}
    </div>
  );
}

/** Equity as the server has it (the list and the score read the same): unknown without mortgage data, never the whole value. */
function KeyFacts({ property }: { property: PropertyDetail }) {
  const { fields, equity, equityPercent } = property;
  const valueBasis = typeof fields.market_value === 'number' ? 'market value' : 'assessed value';
  const valued = typeof fields.market_value === 'number' || typeof fields.assessed_value === 'number';
  const unknownBecause = valued ? 'Unknown: no mortgage data' : 'Unknown: no value';
  const beds = formatFieldValue('beds', fields.beds);
  const baths = formatFieldValue('baths', fields.baths);
  return (
    <section className="key-facts" aria-label="Key facts">
      <KeyFact label="Market value" value={formatFieldValue('market_value', fields.market_value)} />
      <KeyFact
        label="Equity"
        value={equity === null ? null : formatMoney(equity)}
        note={equity === null ? unknownBecause : equityPercent === null ? null : `${formatPercent(equityPercent)} of ${valueBasis}`}
      />
      <KeyFact label="Tax owed" value={formatFieldValue('tax_owed', fields.tax_owed)} />
      <KeyFact label="Beds / baths" value={beds || baths ? `${beds ?? '–'} / ${baths ?? '–'}` : null} />
      <KeyFact label="Living area" value={formatFieldValue('living_sqft', fields.living_sqft)} />
      <KeyFact label="Year built" value={formatFieldValue('year_built', fields.year_built)} />
    </section>
  );
}

export function PropertyRoute() {
  const { id = '' } = useParams();
  const property = useProperty(id);
  const imports = useImportsById(importIdsOf(property.data));
  const membership = useCurrentMembership();
  const canCreateDeal = membership !== null && roleAtLeast(membership.role, 'member');
  const pipelines = usePipelines();
  const members = useMembers();

  if (property.isPending) return <LoadingState label="Loading property…" />;
  if (property.isError) {
    return (
      <div className="page">
        <section className="card">
          <ErrorState
            error={property.error}
            title={property.error.status === 404 ? 'Property not found' : undefined}
            action={
              <Link to="/properties" className="btn btn-secondary btn-sm">
                Back to properties
              </Link>
            }
          />
        </section>
      </div>
    );
  }

  const detail = property.data;
  const { fields } = detail;
  const describeSource = sourceNamer(imports);
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : null);
  const title = text('address_line1') ?? (text('apn') ? `APN ${text('apn')}` : 'Property');
  const place = [text('city'), [text('state'), text('zip')].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const stackCount = typeof fields.stack_count === 'number' ? fields.stack_count : detail.lists.length;
  const tags = Array.isArray(fields.distress_tags) ? (fields.distress_tags as string[]) : [];
  const stages = new Map(pipelines.data?.items.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.name])));
  const mentionable = (members.data?.pages.flatMap((page) => page.items) ?? []).map((member) => ({
    id: member.id,
    name: member.name || member.email,
  }));
  const timelineNames = {
    stage: (stageId: string) => stages.get(stageId) ?? 'a deleted stage',
    member: (memberId: string) => mentionable.find((member) => member.id === memberId)?.name ?? 'a former member',
  };

  return (
    <div className="page">
      <Link to="/properties" className="back-link">
        <Icon name="arrowLeft" className="icon icon-sm" />
        Properties
      </Link>
      <PageHeader
        title={title}
        description={
          <span className="property-subtitle">
            {place && <span>{place}</span>}
            <StackBadge count={stackCount} long />
            {tags.length > 0 && <TagChips tags={tags} />}
          </span>
        }
        actions={
          canCreateDeal && (
            <>
              <MarkAsLeadButton propertyId={detail.id} />
              <CreateDealButton propertyId={detail.id} />
              <DeletePropertyButton propertyId={detail.id} title={title} />
            </>
          )
        }
      />
      <KeyFacts property={detail} />

      <PropertyDeals propertyId={detail.id} />

      <ScoreCard property={detail} />

      <ValuationPanel propertyId={detail.id} />

      <section className="card" aria-labelledby="owners-title">
        <div className="card-header">
          <h2 id="owners-title">Owners &amp; contacts</h2>
        </div>
        <PropertyOwners owners={detail.owners} />
      </section>

      <section className="card" aria-labelledby="details-title">
        <div className="card-header">
          <h2 id="details-title">Details</h2>
          <p>Each value shows the list it came from. Hover a source for the file and time.</p>
        </div>
        <PropertyFields property={detail} describeSource={describeSource} />
      </section>

      <section className="card" aria-labelledby="lists-title">
        <div className="card-header">
          <h2 id="lists-title">Lists it is on</h2>
          <p>Being on several lists (stacking) marks a more motivated seller.</p>
        </div>
        <PropertyLists lists={detail.lists} />
      </section>

      <section className="card" aria-labelledby="history-title">
        <div className="card-header">
          <h2 id="history-title">History</h2>
          <p>Values replaced by newer lists, with where they came from.</p>
        </div>
        <PropertyHistory history={detail.history} describeSource={describeSource} />
      </section>

      <PropertyEnrichmentCard propertyId={detail.id} />

      <ActivityPanel record={{ type: 'property', id: detail.id }} names={timelineNames} members={mentionable} canEdit={canCreateDeal} />
    </div>
  );
}
