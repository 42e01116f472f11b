import { useState, type FormEvent } from 'react';
import { ErrorState, LoadingState } from '../../../components/page-states';
import { InputWithUnit } from '../../../components/input-with-unit';
import { useToast } from '../../../components/toast';
import { useEnrichmentSettings, useUpdateEnrichmentSettings, type EnrichmentSettingsView } from '../api';

const asText = (value: number | null) => (value === null ? '' : String(value));

/** Empty means no cap; anything else must be a dollar amount. */
function parseBudget(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function BudgetFields({ settings }: { settings: EnrichmentSettingsView }) {
  const update = useUpdateEnrichmentSettings();
  const toast = useToast();
  const [daily, setDaily] = useState(asText(settings.dailyBudget));
  const [monthly, setMonthly] = useState(asText(settings.monthlyBudget));
  const [autoEnrich, setAutoEnrich] = useState(settings.autoEnrich);
  const dailyBudget = parseBudget(daily);
  const monthlyBudget = parseBudget(monthly);
  const invalid = dailyBudget === undefined || monthlyBudget === undefined;
  const changed = dailyBudget !== settings.dailyBudget || monthlyBudget !== settings.monthlyBudget || autoEnrich !== settings.autoEnrich;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid) return;
    update.mutate({ dailyBudget, monthlyBudget, autoEnrich }, { onSuccess: () => toast.show('success', 'Enrichment budgets saved') });
  };

  return (
    <form className="card-padded stack" onSubmit={submit} aria-label="Budgets">
      <div className="form-grid form-grid-3">
        <div className="field">
          <label htmlFor="daily-budget">Daily budget</label>
          <InputWithUnit unit="$">
            <input
              id="daily-budget"
              type="number"
              min={0}
              step="0.01"
              inputMode="decimal"
              placeholder="No cap"
              value={daily}
              onChange={(e) => setDaily(e.target.value)}
            />
          </InputWithUnit>
          <p className="field-hint">Paid calls per UTC day. Empty: no cap.</p>
        </div>
        <div className="field">
          <label htmlFor="monthly-budget">Monthly budget</label>
          <InputWithUnit unit="$">
            <input
              id="monthly-budget"
              type="number"
              min={0}
              step="0.01"
              inputMode="decimal"
              placeholder="No cap"
              value={monthly}
              onChange={(e) => setMonthly(e.target.value)}
            />
          </InputWithUnit>
          <p className="field-hint">Paid calls per UTC month. Empty: no cap.</p>
        </div>
        <div className="field">
          <span className="field-label">After imports</span>
          <label className="switch switch-field">
            <input
              type="checkbox"
              role="switch"
              checked={autoEnrich}
              onChange={(e) => setAutoEnrich(e.target.checked)}
              aria-label="Enrich new and changed properties after every import"
            />
            <span className="switch-track" aria-hidden="true" />
            <span className="switch-label">Enrich new and changed properties after every import</span>
          </label>
        </div>
      </div>
      {invalid && (
        <p className="alert alert-error" role="alert">
          A budget is an amount in dollars, 0 or more; leave it empty for no cap.
        </p>
      )}
      {update.isError && (
        <p className="alert alert-error" role="alert">
          {update.error.message}
        </p>
      )}
      <p className="field-hint">
        A paid call that would go over either budget is not made; the property waits, marked “over budget”, until the next run after the day
        or month turns or the budget is raised.
      </p>
      <div className="form-actions form-actions-start">
        <button type="submit" className="btn btn-primary" disabled={invalid || !changed || update.isPending}>
          {update.isPending ? 'Saving…' : 'Save budgets'}
        </button>
      </div>
    </form>
  );
}

export function BudgetForm() {
  const settings = useEnrichmentSettings();
  if (settings.isPending) return <LoadingState label="Loading budgets…" />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  // Keyed by the saved values, so the form starts over from what the server holds after a save.
  return <BudgetFields key={JSON.stringify(settings.data)} settings={settings.data} />;
}
