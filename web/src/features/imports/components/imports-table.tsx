import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ProgressBar } from '../../../components/progress-bar';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { formatDateTime, formatNumber, formatRelative } from '../../../lib/format';
import { useImports, type ImportView } from '../api';
import { ImportStatusBadge, importPercent, layoutLabel } from './import-status';

function Counts({ view }: { view: ImportView }) {
  if (view.status === 'awaiting_mapping' || view.status === 'queued') return <span className="cell-muted">—</span>;
  const parts: [string, number][] = [
    ['new', view.inserted],
    ['merged', view.merged],
    ['unchanged', view.unchanged],
    ['rejected', view.rejected],
    ['with warnings', view.warnings],
    ['to review', view.review],
  ];
  return (
    <span className="count-list">
      {parts
        .filter(([label, value]) => value > 0 || label === 'new')
        .map(([label, value]) =>
          label === 'to review' ? (
            <Link key={label} to="/imports/review" title="Review the look-alikes" onClick={(event) => event.stopPropagation()}>
              <strong>{formatNumber(value)}</strong> {label}
            </Link>
          ) : (
            <span key={label} className={label === 'rejected' ? 'count-bad' : undefined}>
              <strong>{formatNumber(value)}</strong> {label}
            </span>
          ),
        )}
    </span>
  );
}

/** Every import of the workspace, newest first, with live progress for the running ones. */
export function ImportsTable({ emptyAction }: { emptyAction: ReactNode }) {
  const imports = useImports();
  const navigate = useNavigate();

  if (imports.isPending) return <LoadingState label="Loading imports…" />;
  if (imports.isError) return <ErrorState error={imports.error} onRetry={() => imports.refetch()} />;
  if (imports.data.items.length === 0) {
    return (
      <EmptyState title="No imports yet" action={emptyAction}>
        Upload a county list or a list provider’s export. Rows are cleaned, matched to properties you already have and stacked.
      </EmptyState>
    );
  }

  return (
    <div className="table-wrap">
      <table className="data-table imports-table" aria-label="Imports">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">List</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Results</th>
          </tr>
        </thead>
        <tbody>
          {imports.data.items.map((view) => {
            const percent = importPercent(view);
            return (
              <tr key={view.id} className="row-link" onClick={() => navigate(`/imports/${view.id}`)}>
                <td>
                  <Link to={`/imports/${view.id}`} className="cell-primary" onClick={(event) => event.stopPropagation()}>
                    {view.fileName}
                  </Link>
                  <div className="cell-muted" title={formatDateTime(view.createdAt)}>
                    {formatRelative(view.createdAt)}
                    {view.layout && view.layout !== 'generic' && ` · ${layoutLabel(view.layout)}`}
                  </div>
                </td>
                <td>
                  <Link to={`/properties?list=${view.listId}`} onClick={(event) => event.stopPropagation()}>
                    {view.listName}
                  </Link>
                </td>
                <td>
                  <ImportStatusBadge status={view.status} />
                </td>
                <td className="progress-cell">
                  <ProgressBar
                    label={`Progress of ${view.fileName}`}
                    percent={view.status === 'queued' ? null : percent}
                    tone={view.status === 'completed' ? 'success' : view.status === 'failed' ? 'danger' : 'primary'}
                  />
                  <div className="cell-muted">
                    {view.status === 'awaiting_mapping'
                      ? 'Waiting for the column mapping'
                      : view.rowsTotal === null
                        ? `${formatNumber(view.rowsDone)} rows`
                        : `${formatNumber(view.rowsDone)} of ${formatNumber(view.rowsTotal)} rows`}
                  </div>
                </td>
                <td>
                  <Counts view={view} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
