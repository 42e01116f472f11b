import { Icon } from '../../../components/icons';
import { formatShortDateTime } from '../../../lib/format';
import { useMinuteClock } from '../../../lib/use-minute-clock';
import type { Deal } from '../api';
import { TEMPERATURE_LABELS } from '../deal-labels';

export function TemperatureBadge({ temperature }: { temperature: Deal['temperature'] }) {
  if (!temperature) return null;
  return <span className={`badge temperature temperature-${temperature}`}>{TEMPERATURE_LABELS[temperature]}</span>;
}

function daysText(days: number): string {
  if (days === 0) return 'Since today';
  return days === 1 ? '1 day' : `${days} days`;
}

/** Time in the current stage; red once the stage's rotting threshold has passed. */
export function DaysInStage({ deal }: { deal: Pick<Deal, 'daysInStage' | 'rotting'> }) {
  if (deal.rotting) {
    return (
      <span className="badge badge-danger" title="In this stage longer than its rotting threshold">
        <Icon name="alert" className="icon icon-sm" />
        Rotting · {daysText(deal.daysInStage)}
      </span>
    );
  }
  return (
    <span className="deal-days" title="Time in this stage">
      <Icon name="clock" className="icon icon-sm" />
      {daysText(deal.daysInStage)}
    </span>
  );
}

/**
 * Every open deal should carry one dated next step: without one it says so loudly;
 * with one it shows when that is due, in red once overdue.
 */
export function NextStep({ deal }: { deal: Pick<Deal, 'needsNextAction' | 'nextTaskDueAt'> }) {
  const now = useMinuteClock();
  if (deal.needsNextAction) {
    return (
      <span className="next-step next-step-missing">
        <Icon name="flag" className="icon icon-sm" />
        No next step
      </span>
    );
  }
  if (!deal.nextTaskDueAt) return null;
  const overdue = new Date(deal.nextTaskDueAt).getTime() < now;
  return (
    <span
      className={`next-step${overdue ? ' next-step-overdue' : ''}`}
      title={overdue ? 'The next task is overdue' : 'The next task is due'}
    >
      <Icon name="calendar" className="icon icon-sm" />
      {overdue ? 'Overdue' : 'Next'} · {formatShortDateTime(deal.nextTaskDueAt)}
    </span>
  );
}
