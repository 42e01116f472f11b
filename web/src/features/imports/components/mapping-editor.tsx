import { useState } from 'react';
import { ErrorState, LoadingState } from '../../../components/page-states';
import {
  useConfirmMapping,
  useImportFields,
  useImportPreview,
  type ColumnMapping,
  type ImportField,
  type ImportPreview,
  type ImportView,
} from '../api';

/** The server refuses a mapping without one of these: a row needs an address or a parcel number to be placed. */
const LOCATING_FIELDS = ['situs_address', 'apn'];

/** Step 2: loads the preview (kept from the upload, or fetched again after a reload). */
export function MappingStep({ view, canEdit }: { view: ImportView; canEdit: boolean }) {
  const preview = useImportPreview(view.id, true);
  const fields = useImportFields();
  if (preview.isPending || fields.isPending) return <LoadingState label="Reading the file…" />;
  if (preview.isError) return <ErrorState error={preview.error} onRetry={() => preview.refetch()} />;
  if (fields.isError) return <ErrorState error={fields.error} onRetry={() => fields.refetch()} />;
  return <MappingEditor view={view} preview={preview.data} fields={fields.data.items} canEdit={canEdit} />;
}

function problemsOf(columns: Record<string, string>, labels: Map<string, string>): string[] {
  const problems: string[] = [];
  const mapped = Object.values(columns).filter(Boolean);
  if (!mapped.some((field) => LOCATING_FIELDS.includes(field))) {
    problems.push('Map a column to the property address or to the parcel number (APN): without one a row cannot be placed.');
  }
  const twice = [...new Set(mapped.filter((field, index) => mapped.indexOf(field) !== index))];
  for (const field of twice) problems.push(`“${labels.get(field) ?? field}” is chosen for more than one column; keep it on one.`);
  return problems;
}

interface MappingEditorProps {
  view: ImportView;
  preview: ImportPreview;
  fields: ImportField[];
  canEdit: boolean;
}

/** The first rows of the file, with a field picker over each column, prefilled from the proposal. */
function MappingEditor({ view, preview, fields, canEdit }: MappingEditorProps) {
  const confirmMapping = useConfirmMapping(view.id);
  const [columns, setColumns] = useState<Record<string, string>>(() =>
    Object.fromEntries(preview.headers.map((header) => [header, preview.proposal.mapping.columns[header] ?? ''])),
  );
  const labels = new Map(fields.map((field) => [field.field, field.label]));
  const problems = problemsOf(columns, labels);
  const mappedCount = Object.values(columns).filter(Boolean).length;
  const fieldCounts = new Map<string, number>();
  for (const field of Object.values(columns)) if (field) fieldCounts.set(field, (fieldCounts.get(field) ?? 0) + 1);

  function confirm() {
    const mapping: ColumnMapping = {
      headerRow: preview.proposal.mapping.headerRow,
      columns: Object.fromEntries(Object.entries(columns).filter(([, field]) => field !== '')),
    };
    confirmMapping.mutate(mapping);
  }

  return (
    <div className="mapping-step">
      <div className="mapping-summary">
        <div>
          <span className="cell-muted">Detected layout </span>
          <span className="badge badge-info" data-testid="detected-layout">
            {preview.proposal.layout.label}
          </span>
        </div>
        <p className="cell-muted">
          {mappedCount} of {preview.headers.length} columns mapped.{' '}
          {preview.proposal.unmapped.length > 0 && 'Columns left on “Ignore” are not imported; pick a field for any you want kept.'}
        </p>
      </div>

      <div className="table-wrap mapping-table-wrap">
        <table className="data-table mapping-table" aria-label="Column mapping">
          <thead>
            <tr>
              {preview.headers.map((header) => {
                const field = columns[header] ?? '';
                const duplicate = field !== '' && (fieldCounts.get(field) ?? 0) > 1;
                return (
                  <th key={header} scope="col" className={field ? 'mapping-mapped' : 'mapping-ignored'}>
                    <div className="mapping-header" title={header}>
                      {header}
                    </div>
                    <select
                      className={`select-compact${duplicate ? ' select-invalid' : ''}`}
                      aria-label={`Field for column ${header}`}
                      aria-invalid={duplicate || undefined}
                      title={labels.get(field) ?? 'Ignore'}
                      disabled={!canEdit || confirmMapping.isPending}
                      value={field}
                      onChange={(event) => setColumns((current) => ({ ...current, [header]: event.target.value }))}
                    >
                      <option value="">Ignore</option>
                      {fields.map((option) => (
                        <option key={option.field} value={option.field}>
                          {option.label}
                        </option>
                      ))}
                    </select>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                {preview.headers.map((header, columnIndex) => (
                  <td key={header} className={columns[header] ? undefined : 'mapping-ignored'}>
                    {row[columnIndex] || <span className="cell-muted">—</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.rows.length === 0 && <p className="mapping-note cell-muted">The file has a header row but no rows under it.</p>}

      <div className="mapping-footer">
        <div className="stack mapping-messages">
          {problems.map((problem) => (
            <div key={problem} className="alert alert-warning" role="status">
              {problem}
            </div>
          ))}
          {confirmMapping.error && (
            <div className="alert alert-error" role="alert">
              {confirmMapping.error.message}
            </div>
          )}
          {!canEdit && <p className="cell-muted">A member of the workspace confirms the mapping; viewers can look but not change it.</p>}
        </div>
        {canEdit && (
          <button type="button" className="btn btn-primary" disabled={problems.length > 0 || confirmMapping.isPending} onClick={confirm}>
            {confirmMapping.isPending ? 'Starting…' : 'Confirm and import'}
          </button>
        )}
      </div>
    </div>
  );
}
