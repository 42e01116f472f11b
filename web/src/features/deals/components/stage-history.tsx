import { formatDateTime, formatNumber, formatRelative } from '../../../lib/format';
import type { StageChange } from '../api';

interface StageHistoryProps {
  changes: StageChange[];
  stageNames: Map<string, string>;
  memberNames: Map<string, string>;
}

const daysText = (days: number) => `${formatNumber(days)} ${days === 1 ? 'day' : 'days'}`;

/** Every stage the deal went through, newest first: from where, by whom, when, and how long it sat before. */
export function StageHistory({ changes, stageNames, memberNames }: StageHistoryProps) {
  const stageName = (id: string) => stageNames.get(id) ?? 'A deleted stage';
  return (
    <section className="card" aria-labelledby="stage-history-title">
      <div className="card-header">
        <h2 id="stage-history-title">Stage history</h2>
      </div>
      <ol className="stage-history" aria-label="Stage changes, newest first">
        {changes.map((change) => (
          <li key={change.id}>
            <span className="stage-history-dot" aria-hidden="true" />
            <div className="stage-history-move">
              {change.fromStageId === null ? (
                <>
                  Opened in <strong>{stageName(change.toStageId)}</strong>
                </>
              ) : (
                <>
                  <span>{stageName(change.fromStageId)}</span>
                  <span className="change-arrow" aria-label="to">
                    →
                  </span>
                  <strong>{stageName(change.toStageId)}</strong>
                </>
              )}
            </div>
            <div className="cell-muted">
              {change.changedBy ? (memberNames.get(change.changedBy) ?? 'A former member') : 'API key or system'} ·{' '}
              <time dateTime={change.changedAt} title={formatDateTime(change.changedAt)}>
                {formatRelative(change.changedAt)}
              </time>
              {change.fromStageId !== null && change.daysInFromStage !== null && (
                <>
                  {' '}
                  · after {daysText(change.daysInFromStage)} in {stageName(change.fromStageId)}
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
