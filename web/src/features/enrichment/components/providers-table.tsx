import { useState } from 'react';
import { ErrorState, LoadingState } from '../../../components/page-states';
import { InputWithUnit } from '../../../components/input-with-unit';
import { useToast } from '../../../components/toast';
import { formatMoney, formatNumber } from '../../../lib/format';
import { useEnrichmentProviders, useUpdateProvider, type ProviderView } from '../api';

const BREAKER_LABELS: Record<NonNullable<ProviderView['breaker']>, { label: string; tone: string; title: string }> = {
  closed: { label: 'Closed', tone: 'badge-success', title: 'Calls go through' },
  open: { label: 'Open', tone: 'badge-danger', title: 'The provider kept failing; calls are refused for a while' },
  half_open: { label: 'Half open', tone: 'badge-warning', title: 'One test call is let through to see whether the provider is back' },
};

/** The price of one call, saved when the field is left or Enter is pressed. */
function CostInput({ provider }: { provider: ProviderView }) {
  const update = useUpdateProvider();
  const toast = useToast();
  const saved = provider.costPerCall === null ? '' : String(provider.costPerCall);
  const [draft, setDraft] = useState(saved);
  const [shown, setShown] = useState(saved);
  if (saved !== shown) {
    setShown(saved);
    setDraft(saved);
  }

  const commit = () => {
    const text = draft.trim();
    const next = text === '' ? null : Number(text);
    if (next !== null && (!Number.isFinite(next) || next < 0)) {
      toast.show('error', 'The cost per call is an amount in dollars, 0 or more.');
      setDraft(saved);
      return;
    }
    if (next === provider.costPerCall) return;
    update.mutate(
      { name: provider.name, update: { costPerCall: next } },
      { onSuccess: () => toast.show('success', `${provider.label}: cost per call saved`), onError: () => setDraft(saved) },
    );
  };

  return (
    <InputWithUnit unit="$" compact>
      <input
        type="number"
        min={0}
        step="0.01"
        inputMode="decimal"
        aria-label={`Cost per call for ${provider.label}`}
        value={draft}
        placeholder="Not set"
        disabled={update.isPending}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          // Saving disables the field, which blurs it: Enter leaves through blur so it saves once.
          if (event.key === 'Enter') event.currentTarget.blur();
        }}
      />
    </InputWithUnit>
  );
}

function EnabledSwitch({ provider }: { provider: ProviderView }) {
  const update = useUpdateProvider();
  const toast = useToast();
  return (
    <label
      className="switch"
      title={provider.configured ? undefined : 'Not configured on this server: it cannot run until an operator sets it up'}
    >
      <input
        type="checkbox"
        role="switch"
        checked={provider.enabled}
        disabled={update.isPending}
        aria-label={`Enable ${provider.label}`}
        onChange={(event) =>
          update.mutate(
            { name: provider.name, update: { enabled: event.target.checked } },
            { onSuccess: (next) => toast.show('success', `${next.label} ${next.enabled ? 'enabled' : 'turned off'}`) },
          )
        }
      />
      <span className="switch-track" aria-hidden="true" />
      <span className="switch-label">{provider.enabled ? 'On' : 'Off'}</span>
    </label>
  );
}

/** Every provider with its switch, its price, its circuit breaker and what it has cost. */
export function ProvidersTable() {
  const providers = useEnrichmentProviders();
  if (providers.isPending) return <LoadingState label="Loading providers…" />;
  if (providers.isError) return <ErrorState error={providers.error} onRetry={() => providers.refetch()} />;

  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="Enrichment providers">
        <thead>
          <tr>
            <th>Provider</th>
            <th>Set up</th>
            <th>Enabled</th>
            <th>Cost per call</th>
            <th>Circuit breaker</th>
            <th className="cell-numeric">Today</th>
            <th className="cell-numeric">This month</th>
          </tr>
        </thead>
        <tbody>
          {providers.data.items.map((provider) => {
            const breaker = provider.breaker ? BREAKER_LABELS[provider.breaker] : null;
            return (
              <tr key={provider.name} data-testid={`provider-${provider.name}`}>
                <td>
                  <div className="cell-primary">
                    {provider.label}
                    {provider.paid ? <span className="badge badge-warning">Paid</span> : <span className="badge badge-neutral">Free</span>}
                  </div>
                  <div className="cell-muted">{provider.offline ? 'Offline: data shipped with the product' : 'External service'}</div>
                </td>
                <td className="cell-nowrap">
                  {provider.configured ? (
                    <span className="badge badge-success">Configured</span>
                  ) : (
                    <span className="cell-muted" title="The operator sets the provider's URL or API key in the server's environment">
                      Not configured
                    </span>
                  )}
                </td>
                <td>
                  <EnabledSwitch provider={provider} />
                </td>
                <td>{provider.paid ? <CostInput provider={provider} /> : <span className="cell-muted">Free</span>}</td>
                <td>
                  {breaker ? (
                    <span className={`badge ${breaker.tone}`} title={breaker.title}>
                      {breaker.label}
                    </span>
                  ) : (
                    <span className="cell-muted">—</span>
                  )}
                </td>
                <td className="cell-numeric cell-nowrap">
                  {formatMoney(provider.spentToday)}
                  <div className="cell-muted">
                    {formatNumber(provider.callsToday)} {provider.callsToday === 1 ? 'call' : 'calls'}
                  </div>
                </td>
                <td className="cell-numeric cell-nowrap">{formatMoney(provider.spentThisMonth)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
