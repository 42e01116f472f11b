import { EmptyState } from '../../../components/page-states';
import { formatDateTime } from '../../../lib/format';
import type { PropertyDetail } from '../api';
import { fieldLabel, formatFieldValue } from '../../../lib/field-specs';
import { ProvenanceHint, type DescribeSource } from './provenance-hint';

/** Values a newer source replaced: merging never throws data away, and this is where it went. */
export function PropertyHistory({ history, describeSource }: { history: PropertyDetail['history']; describeSource: DescribeSource }) {
  if (history.length === 0) {
    return (
      <EmptyState title="Nothing replaced yet">
        When a later list gives a field a different value, the old value is kept here with its source.
      </EmptyState>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="Replaced values">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Earlier value</th>
            <th scope="col">From</th>
            <th scope="col">Observed</th>
          </tr>
        </thead>
        <tbody>
          {history.map((entry, index) => (
            <tr key={`${entry.field}-${entry.observedAt}-${index}`}>
              <td className="cell-primary">{fieldLabel(entry.field)}</td>
              <td>
                <span className="change-before">{formatFieldValue(entry.field, entry.value) ?? '—'}</span>
              </td>
              <td>
                <ProvenanceHint source={entry.source} at={undefined} describe={describeSource} />
              </td>
              <td className="cell-nowrap cell-muted">{formatDateTime(entry.observedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
