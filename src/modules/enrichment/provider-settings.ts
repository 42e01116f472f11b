import type { Tx } from '../../platform/db/database.js';
import { PROVIDER_NAMES, PROVIDERS, type ProviderName } from './providers.js';
import type { Budgets } from './spending-limit.js';

export interface ProviderSetting {
  enabled: boolean;
  /** US dollars charged per answered call; null: not set. */
  costPerCall: number | null;
}

/**
 * A tenant's switch and price for every provider. Without a row, free
 * providers are on and paid ones off: nothing costs money until an admin turns
 * it on and says what a call costs.
 */
export async function readProviderSettings(tx: Tx): Promise<Record<ProviderName, ProviderSetting>> {
  const rows = await tx.query<{ provider: string; enabled: boolean; cost_per_call: number | null }>(
    'select provider, enabled, cost_per_call::float8 as cost_per_call from provider_settings',
  );
  const stored = new Map(rows.map((row) => [row.provider, row]));
  return Object.fromEntries(
    PROVIDER_NAMES.map((name) => {
      const row = stored.get(name);
      return [name, row ? { enabled: row.enabled, costPerCall: row.cost_per_call } : { enabled: !PROVIDERS[name].paid, costPerCall: null }];
    }),
  ) as Record<ProviderName, ProviderSetting>;
}

export interface EnrichmentSettings extends Budgets {
  autoEnrich: boolean;
}

/** Budgets and the after-import switch; without a row: no caps, enrich after imports. */
export async function readEnrichmentSettings(tx: Tx): Promise<EnrichmentSettings> {
  const [row] = await tx.query<{ daily_budget: number | null; monthly_budget: number | null; auto_enrich: boolean }>(
    'select daily_budget::float8 as daily_budget, monthly_budget::float8 as monthly_budget, auto_enrich from enrichment_settings',
  );
  return { daily: row?.daily_budget ?? null, monthly: row?.monthly_budget ?? null, autoEnrich: row?.auto_enrich ?? true };
}
