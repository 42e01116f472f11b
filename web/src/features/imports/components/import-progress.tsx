import { Link } from 'react-router-dom';
import { Icon } from '../../../components/icons';
import { ProgressBar } from '../../../components/progress-bar';
import { useToast } from '../../../components/toast';
import { formatDateTime, formatDuration, formatNumber } from '../../../lib/format';
import { useDownloadRejects, useDownloadWarnings, type ImportView } from '../api';
import { importPercent } from './import-status';

const n = (value: number) => formatNumber(value);

function progressLine(view: ImportView): string {
  if (view.status === 'queued') return 'Waiting for a worker to pick it up…';
  const parts = [view.rowsTotal === null ? `${n(view.rowsDone)} rows` : `${n(view.rowsDone)} of ${n(view.rowsTotal)} rows`];
  if (view.rowsPerSecond !== null) parts.push(`${n(view.rowsPerSecond)} rows/s`);
  if (view.etaSeconds !== null) parts.push(`about ${formatDuration(view.etaSeconds)} left`);
  return parts.join(' · ');
}

const OUTCOMES = [
  { key: 'inserted', label: 'New properties', hint: 'Not seen before' },
  { key: 'merged', label: 'Merged', hint: 'Matched a property you have, and stacked on it' },
  { key: 'unchanged', label: 'Unchanged', hint: 'Already on this list, as they were' },
  { key: 'rejected', label: 'Rejected', hint: 'Rows with no usable address or APN, or an impossible location; download them to fix' },
  {
    key: 'warnings',
    label: 'With warnings',
    hint: 'Imported, but some values (a junk phone, a bad date…) were left out; download them to see which',
  },
  { key: 'review', label: 'To review', hint: 'Look like a property you have, but not quite' },
] as const satisfies readonly { key: keyof ImportView; label: string; hint: string }[];

/** Step 3: live progress while the worker runs the import, then what it did. */
export function ImportProgress({ view }: { view: ImportView }) {
  const downloadRejects = useDownloadRejects();
  const downloadWarnings = useDownloadWarnings();
  const toast = useToast();
  const percent = importPercent(view);
  const finished = view.status === 'completed' || view.status === 'failed';

  return (
    <div className="import-progress stack">
      <div className="import-progress-head">
        <div>
          <div className="progress-title">
            {view.status === 'completed'
              ? 'Import complete'
              : view.status === 'failed'
                ? 'Import failed'
                : view.status === 'queued'
                  ? 'Queued'
                  : 'Importing…'}
          </div>
          <div className="cell-muted">
            {finished && view.finishedAt ? `Finished ${formatDateTime(view.finishedAt)}` : progressLine(view)}
          </div>
        </div>
        <div className="progress-percent" aria-hidden="true">
          {percent === null || view.status === 'queued' ? '' : `${Math.round(percent)}%`}
        </div>
      </div>
      <ProgressBar
        label="Import progress"
        percent={view.status === 'queued' ? null : percent}
        tone={view.status === 'completed' ? 'success' : view.status === 'failed' ? 'danger' : 'primary'}
      />

      {view.status === 'failed' && (
        <div className="alert alert-error" role="alert">
          <strong>The import stopped.</strong> {view.error ?? 'The worker reported no reason.'} Rows imported before the failure are kept.
        </div>
      )}

      {(finished || view.rowsDone > 0) && (
        <dl className="outcome-grid" aria-label="Import results">
          {OUTCOMES.map((outcome) => (
            <div
              key={outcome.key}
              className={`outcome outcome-${outcome.key}${view[outcome.key] > 0 ? ' outcome-nonzero' : ''}`}
              title={outcome.hint}
            >
              <dt>{outcome.label}</dt>
              <dd>{n(view[outcome.key])}</dd>
            </div>
          ))}
        </dl>
      )}

      {finished && (
        <div className="form-actions form-actions-start">
          {view.status === 'completed' && (
            <Link to={`/properties?list=${view.listId}`} className="btn btn-primary">
              <Icon name="building" />
              View properties of “{view.listName}”
            </Link>
          )}
          {view.review > 0 && (
            <Link to="/imports/review" className="btn btn-secondary">
              <Icon name="compare" />
              Review {n(view.review)} {view.review === 1 ? 'look-alike' : 'look-alikes'}
            </Link>
          )}
          {view.rejected > 0 && (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={downloadRejects.isPending}
              onClick={() => downloadRejects.mutate(view, { onSuccess: () => toast.show('success', 'Rejected rows downloaded') })}
            >
              <Icon name="download" />
              {downloadRejects.isPending ? 'Downloading…' : `Download rejects (${n(view.rejected)})`}
            </button>
          )}
          {view.warnings > 0 && (
            <button
              type="button"
              className="btn btn-secondary"
              disabled={downloadWarnings.isPending}
              onClick={() => downloadWarnings.mutate(view, { onSuccess: () => toast.show('success', 'Rows with warnings downloaded') })}
            >
              <Icon name="download" />
              {downloadWarnings.isPending ? 'Downloading…' : `Download warnings CSV (${n(view.warnings)})`}
            </button>
          )}
          <Link to="/imports/new" className="btn btn-ghost">
            <Icon name="upload" />
            Import another list
          </Link>
        </div>
      )}
    </div>
  );
}
