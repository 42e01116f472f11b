import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import { Icon } from '../../../components/icons';
import { ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatDateTime, formatMoney, formatNumber, formatPercent, formatRelative } from '../../../lib/format';
import { roleAtLeast } from '../../../lib/roles';
import { useCurrentMembership } from '../../../lib/current-membership';
import { fieldLabel } from '../../../lib/field-specs';
import { PROVIDER_STATUS_LABELS, useEnrichProperty, usePropertyEnrichment, type PropertyEnrichment } from '../api';

type ProviderStatus = PropertyEnrichment['providers'][number];
type Signals = NonNullable<PropertyEnrichment['signals']>;

const PRECISION_LABELS: Record<NonNullable<PropertyEnrichment['location']['precision']>, string> = {
  source: 'From the list',
  geocoded: 'Geocoded address',
  zip_centroid: 'ZIP code centre (approximate)',
};

const STATUS_TONES: Record<NonNullable<ProviderStatus['status']>, string> = {
  done: 'badge-success',
  not_found: 'badge-neutral',
  failed: 'badge-danger',
  over_budget: 'badge-warning',
  skipped: 'badge-neutral',
};

/** How long the card keeps asking for news after "Enrich now": the worker usually answers in seconds. */
const POLL_FOR_MS = 30_000;

function StatusCell({ provider }: { provider: ProviderStatus }) {
  if (provider.status) {
    return <span className={`badge ${STATUS_TONES[provider.status]}`}>{PROVIDER_STATUS_LABELS[provider.status]}</span>;
  }
  if (!provider.configured) return <span className="cell-muted">Not configured on this server</span>;
  if (!provider.enabled) return <span className="cell-muted">Turned off</span>;
  return <span className="cell-muted">Not run yet</span>;
}

const yesNo = (value: boolean | null) => (value === null ? null : value ? 'Yes' : 'No');

function signalRows(signals: Signals): [string, string | null][] {
  return [
    ['Absentee owner', yesNo(signals.absentee)],
    ['Out-of-state owner', yesNo(signals.outOfState)],
    ['Years owned', signals.yearsOwned === null ? null : formatNumber(Math.round(signals.yearsOwned * 10) / 10)],
    [
      'Equity',
      signals.equity === null
        ? null
        : `${formatMoney(signals.equity)}${signals.equityPercent === null ? '' : ` (${formatPercent(Math.round(signals.equityPercent))})`}`,
    ],
    ['Free and clear', yesNo(signals.freeAndClear)],
    ['Tax delinquent', yesNo(signals.taxDelinquent)],
    ['Vacant', yesNo(signals.vacant)],
    ['Company-owned', yesNo(signals.entityOwned)],
    ['Trust, estate or probate', yesNo(signals.trustOrEstate)],
    ["Owner's properties", signals.ownerParcelCount === null ? null : formatNumber(signals.ownerParcelCount)],
    ['Distress lists', formatNumber(signals.distressListCount)],
  ];
}

/** Newest provider news, so polling can stop once the run requested here has answered. */
function latestUpdate(enrichment: PropertyEnrichment | undefined): number {
  return Math.max(0, ...(enrichment?.providers ?? []).map((provider) => (provider.updatedAt ? Date.parse(provider.updatedAt) : 0)));
}

/** What enrichment knows of one property: where it is, how each provider answered, its signals and the fields it filled. */
export function PropertyEnrichmentCard({ propertyId }: { propertyId: string }) {
  const membership = useCurrentMembership();
  const canEnrich = !!membership && roleAtLeast(membership.role, 'member');
  const [requestedAt, setRequestedAt] = useState<number | null>(null);
  const waiting = requestedAt !== null;
  const enrichment = usePropertyEnrichment(propertyId, { refetchInterval: waiting ? 1500 : false });
  const enrich = useEnrichProperty(propertyId);
  const queryClient = useQueryClient();
  const toast = useToast();
  const answered = waiting && latestUpdate(enrichment.data) >= requestedAt - 2000;

  useEffect(() => {
    if (!waiting) return;
    if (answered) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the answer comes with the polled enrichment; ending the wait stops the polling
      setRequestedAt(null);
      // Enrichment may have filled fields and changed signals the rest of the page shows.
      void queryClient.invalidateQueries({ queryKey: ['properties', 'detail', propertyId] });
      return;
    }
    const timer = window.setTimeout(() => setRequestedAt(null), POLL_FOR_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, answered, propertyId, queryClient]);

  const startRun = () =>
    enrich.mutate(undefined, {
      onSuccess: () => {
        const started = Date.now();
        setRequestedAt(started);
        toast.show('info', 'Enrichment queued for this property');
      },
    });

  const data = enrichment.data;
  const written = data ? Object.entries(data.provenance).sort(([a], [b]) => a.localeCompare(b)) : [];

  return (
    <section className="card" aria-labelledby="enrichment-title" data-testid="property-enrichment">
      <div className="card-header card-header-actions">
        <div>
          <h2 id="enrichment-title">Enrichment</h2>
          <p>What the providers added to this property, and the signals scoring builds on.</p>
        </div>
        {canEnrich && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={startRun} disabled={enrich.isPending || waiting}>
            <Icon name="layers" />
            {waiting ? 'Enriching…' : 'Enrich now'}
          </button>
        )}
      </div>
      {enrichment.isPending ? (
        <LoadingState label="Loading enrichment…" />
      ) : enrichment.isError ? (
        <ErrorState error={enrichment.error} onRetry={() => enrichment.refetch()} />
      ) : (
        <div className="enrichment-body">
          <div className="enrichment-column">
            <h3 className="field-group-title">Location</h3>
            <dl className="details-list">
              <dt>Coordinates</dt>
              <dd className="mono">
                {data!.location.latitude !== null && data!.location.longitude !== null
                  ? `${data!.location.latitude.toFixed(5)}, ${data!.location.longitude.toFixed(5)}`
                  : '—'}
              </dd>
              <dt>Precision</dt>
              <dd>{data!.location.precision ? PRECISION_LABELS[data!.location.precision] : '—'}</dd>
              <dt>Time zone</dt>
              <dd>{data!.location.timeZone ?? '—'}</dd>
            </dl>

            <h3 className="field-group-title enrichment-subtitle">Fields enrichment filled</h3>
            {written.length === 0 ? (
              <p className="cell-muted">None: every value came from your lists.</p>
            ) : (
              <ul className="enrichment-written">
                {written.map(([field, origin]) => (
                  <li key={field} title={formatDateTime(origin.at)}>
                    <span>{fieldLabel(field)}</span>
                    <span className="cell-muted">{origin.source.replace(/^enrichment:/, '')}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>

          <div className="enrichment-column">
            <h3 className="field-group-title">Providers</h3>
            <table className="data-table data-table-compact" aria-label="Enrichment providers for this property">
              <thead>
                <tr>
                  <th>Provider</th>
                  <th>Status</th>
                  <th>When</th>
                </tr>
              </thead>
              <tbody>
                {data!.providers.map((provider) => (
                  <tr key={provider.provider}>
                    <td>
                      {provider.label}
                      {provider.detail && <div className="cell-muted">{provider.detail}</div>}
                    </td>
                    <td>
                      <StatusCell provider={provider} />
                    </td>
                    <td className="cell-muted cell-nowrap" title={provider.updatedAt ? formatDateTime(provider.updatedAt) : undefined}>
                      {provider.updatedAt ? formatRelative(provider.updatedAt) : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <div className="enrichment-column">
            <h3 className="field-group-title">Signals</h3>
            {data!.signals ? (
              <>
                <dl className="details-list">
                  {signalRows(data!.signals).map(([label, value]) => (
                    <Fragment key={label}>
                      <dt>{label}</dt>
                      <dd>{value ?? <span className="cell-muted">Unknown</span>}</dd>
                    </Fragment>
                  ))}
                </dl>
                <p className="cell-muted enrichment-subtitle">Computed {formatRelative(data!.signals.computedAt)}</p>
              </>
            ) : (
              <p className="cell-muted">Not computed yet. Enrich the property to derive them.</p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
