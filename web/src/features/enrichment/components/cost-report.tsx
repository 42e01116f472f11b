import { useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { formatDate, formatMoney, formatNumber } from '../../../lib/format';
import { useEnrichmentCosts, useEnrichmentProviders, type CostReport } from '../api';

type Metric = 'cost' | 'calls';

const PROVIDER_COLORS: Record<string, string> = {
  geography: '#0e9384',
  signals: '#7a5af8',
  census_geocoder: '#4f46e5',
  attom: '#f79009',
};
const FALLBACK_COLORS = ['#c11574', '#1570ef', '#667085'];

const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });

/** Every UTC day of the report, oldest first, including days without calls. */
function daysOf(report: CostReport): string[] {
  const days: string[] = [];
  const end = Date.parse(`${report.to}T00:00:00Z`);
  for (let t = Date.parse(`${report.from}T00:00:00Z`); t <= end; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** A round step for an axis whose top is `max`, giving about `ticks` gridlines. */
export function niceStep(max: number, ticks = 4): number {
  if (max <= 0) return 1;
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough)! * power;
  return step;
}

/** "ok 8, cached 3, not found 1": what became of the calls. */
function outcomesText(outcomes: Record<string, number>): string {
  return Object.entries(outcomes)
    .filter(([, count]) => count > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([outcome, count]) => `${outcome.replace(/_/g, ' ')} ${formatNumber(count)}`)
    .join(', ');
}

const metricText = (metric: Metric, value: number) => (metric === 'cost' ? formatMoney(value) : formatNumber(value));

function StackedDays({
  report,
  providers,
  metric,
  colorOf,
  labelOf,
}: {
  report: CostReport;
  providers: string[];
  metric: Metric;
  colorOf: (provider: string) => string;
  labelOf: (provider: string) => string;
}) {
  const days = daysOf(report);
  const byDay = new Map<string, Map<string, CostReport['daily'][number]>>();
  for (const row of report.daily) {
    if (!byDay.has(row.day)) byDay.set(row.day, new Map());
    byDay.get(row.day)!.set(row.provider, row);
  }
  const totals = days.map((day) => providers.reduce((sum, provider) => sum + (byDay.get(day)?.get(provider)?.[metric] ?? 0), 0));
  const step = niceStep(Math.max(...totals, 0));
  const top = Math.max(step, Math.ceil(Math.max(...totals, 0) / step) * step);

  const width = 1040;
  const height = 210;
  const left = 56;
  const bottom = 24;
  const plotHeight = height - bottom - 8;
  const slot = (width - left - 8) / days.length;
  const barWidth = Math.max(2, Math.min(22, slot * 0.7));
  const y = (value: number) => 8 + plotHeight - (value / top) * plotHeight;
  const labelEvery = Math.ceil(days.length / 8);

  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Provider ${metric === 'cost' ? 'cost' : 'calls'} per day`}
      data-testid="cost-chart"
    >
      {Array.from({ length: Math.round(top / step) + 1 }, (_, i) => i * step).map((tick) => (
        <g key={tick}>
          <line className="chart-grid" x1={left} x2={width - 8} y1={y(tick)} y2={y(tick)} />
          <text className="chart-axis" x={left - 8} y={y(tick) + 4} textAnchor="end">
            {metricText(metric, tick)}
          </text>
        </g>
      ))}
      {days.map((day, i) => {
        const x = left + i * slot + (slot - barWidth) / 2;
        let base = 0;
        return (
          <g key={day}>
            {providers.map((provider) => {
              const row = byDay.get(day)?.get(provider);
              const value = row?.[metric] ?? 0;
              if (value <= 0) return null;
              const rect = (
                <rect
                  key={provider}
                  x={x}
                  width={barWidth}
                  y={y(base + value)}
                  height={Math.max(1, y(base) - y(base + value))}
                  fill={colorOf(provider)}
                >
                  <title>{`${formatDate(`${day}T00:00:00`)} · ${labelOf(provider)}: ${formatNumber(row!.calls)} calls, ${formatMoney(row!.cost)}`}</title>
                </rect>
              );
              base += value;
              return rect;
            })}
            {i % labelEvery === 0 && (
              <text className="chart-axis" x={x + barWidth / 2} y={height - 6} textAnchor="middle">
                {shortDay.format(Date.parse(`${day}T00:00:00Z`))}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** Calls and spend per provider and per UTC day, as a stacked chart and a table. */
export function CostReportView() {
  const [days, setDays] = useState(30);
  const [chosenMetric, setMetric] = useState<Metric | null>(null);
  const costs = useEnrichmentCosts(days);
  const providers = useEnrichmentProviders();

  const labelOf = (name: string) => providers.data?.items.find((item) => item.name === name)?.label ?? name;
  const order: string[] = providers.data?.items.map((item) => item.name) ?? [];

  const header = (
    <div className="cost-toolbar">
      <div className="field field-inline">
        <label htmlFor="cost-days">Period</label>
        <select id="cost-days" className="select-compact" value={days} onChange={(event) => setDays(Number(event.target.value))}>
          <option value={7}>Last 7 days</option>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
        </select>
      </div>
      {costs.data && (
        <p className="cost-totals">
          <strong>{formatMoney(costs.data.totalCost)}</strong> spent on <strong>{formatNumber(costs.data.totalCalls)}</strong> calls,{' '}
          {formatDate(`${costs.data.from}T00:00:00`)} – {formatDate(`${costs.data.to}T00:00:00`)} (UTC days)
        </p>
      )}
    </div>
  );

  if (costs.isPending)
    return (
      <>
        {header}
        <LoadingState label="Loading costs…" />
      </>
    );
  if (costs.isError)
    return (
      <>
        {header}
        <ErrorState error={costs.error} onRetry={() => costs.refetch()} />
      </>
    );

  const report = costs.data;
  const used = [...new Set([...report.providers.map((row) => row.provider), ...report.daily.map((row) => row.provider)])].sort(
    (a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99),
  );
  const colorOf = (provider: string) => PROVIDER_COLORS[provider] ?? FALLBACK_COLORS[used.indexOf(provider) % FALLBACK_COLORS.length]!;
  const metric: Metric = chosenMetric ?? (report.totalCost > 0 ? 'cost' : 'calls');
  const activeDays = [...new Set(report.daily.map((row) => row.day))].sort().reverse();
  const cell = (day: string, provider: string) => report.daily.find((row) => row.day === day && row.provider === provider);

  if (report.totalCalls === 0) {
    return (
      <>
        {header}
        <EmptyState title="No provider calls in this period">
          Offline providers work from data shipped with the product and make no calls. External providers are called once they are
          configured and enabled.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      {header}
      <div className="card-padded cost-chart-block">
        <div className="segmented" role="group" aria-label="Chart shows">
          {(['cost', 'calls'] as const).map((value) => (
            <button
              key={value}
              type="button"
              className={metric === value ? 'segmented-active' : undefined}
              aria-pressed={metric === value}
              onClick={() => setMetric(value)}
            >
              {value === 'cost' ? 'Cost' : 'Calls'}
            </button>
          ))}
        </div>
        <StackedDays report={report} providers={used} metric={metric} colorOf={colorOf} labelOf={labelOf} />
        <ul className="chart-legend">
          {used.map((provider) => (
            <li key={provider}>
              <span className="chart-swatch" style={{ background: colorOf(provider) }} aria-hidden="true" />
              {labelOf(provider)}
              <span className="cell-muted">{outcomesText(report.providers.find((row) => row.provider === provider)?.outcomes ?? {})}</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="table-wrap">
        <table className="data-table" aria-label="Provider costs per day">
          <thead>
            <tr>
              <th>Day (UTC)</th>
              {used.map((provider) => (
                <th key={provider} className="cell-numeric">
                  {labelOf(provider)}
                </th>
              ))}
              <th className="cell-numeric">Total</th>
            </tr>
          </thead>
          <tbody>
            {activeDays.map((day) => {
              const rows = used.map((provider) => cell(day, provider));
              return (
                <tr key={day}>
                  <td className="cell-nowrap">{formatDate(`${day}T00:00:00`)}</td>
                  {rows.map((row, i) => (
                    <td key={used[i]} className="cell-numeric">
                      {row ? (
                        <>
                          {formatMoney(row.cost)}
                          <div className="cell-muted">{formatNumber(row.calls)} calls</div>
                        </>
                      ) : (
                        <span className="cell-muted">—</span>
                      )}
                    </td>
                  ))}
                  <td className="cell-numeric">
                    {formatMoney(rows.reduce((sum, row) => sum + (row?.cost ?? 0), 0))}
                    <div className="cell-muted">{formatNumber(rows.reduce((sum, row) => sum + (row?.calls ?? 0), 0))} calls</div>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Period total</th>
              {used.map((provider) => {
                const total = report.providers.find((row) => row.provider === provider);
                return (
                  <td key={provider} className="cell-numeric">
                    {formatMoney(total?.cost ?? 0)}
                    <div className="cell-muted" title={outcomesText(total?.outcomes ?? {})}>
                      {formatNumber(total?.calls ?? 0)} calls, {formatNumber(total?.chargedCalls ?? 0)} charged
                    </div>
                  </td>
                );
              })}
              <td className="cell-numeric">
                {formatMoney(report.totalCost)}
                <div className="cell-muted">{formatNumber(report.totalCalls)} calls</div>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
