import { PageHeader } from '../../components/page-header';
import { BudgetForm } from '../../features/enrichment/components/budget-form';
import { CostReportView } from '../../features/enrichment/components/cost-report';
import { ProvidersTable } from '../../features/enrichment/components/providers-table';

/** Admins: which enrichment providers run, what they may spend, and what they have cost. */
export function EnrichmentSettingsRoute() {
  return (
    <div className="page">
      <PageHeader
        title="Enrichment"
        description="Providers that add coordinates, building facts and signals to your properties, what they may spend, and what they have cost."
      />
      <section className="card" aria-labelledby="providers-title">
        <div className="card-header">
          <h2 id="providers-title">Providers</h2>
          <p>
            Offline providers always run. External ones run once the server is set up for them and you enable them; a paid one needs its
            price first.
          </p>
        </div>
        <ProvidersTable />
      </section>
      <section className="card" aria-labelledby="budgets-title">
        <div className="card-header">
          <h2 id="budgets-title">Budgets</h2>
          <p>Caps on what paid providers may cost, in US dollars.</p>
        </div>
        <BudgetForm />
      </section>
      <section className="card" aria-labelledby="costs-title">
        <div className="card-header">
          <h2 id="costs-title">Calls and costs</h2>
          <p>A call is charged when the provider answered it; failures, cached answers and calls a budget stopped cost nothing.</p>
        </div>
        <CostReportView />
      </section>
    </div>
  );
}
