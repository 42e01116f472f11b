import { Link } from 'react-router-dom';
import { formatDate, formatDateTime } from '../../../lib/format';
import type { PropertyDetail } from '../api';
import { TagChips } from './property-badges';

export function PropertyLists({ lists }: { lists: PropertyDetail['lists'] }) {
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="Lists this property is on">
        <thead>
          <tr>
            <th scope="col">List</th>
            <th scope="col">Tags it gives</th>
            <th scope="col">Added</th>
          </tr>
        </thead>
        <tbody>
          {lists.map((list) => (
            <tr key={list.id}>
              <td>
                <Link to={`/properties?list=${list.id}`} className="cell-primary" title="Every property on this list">
                  {list.name}
                </Link>
              </td>
              <td>{list.tags.length > 0 ? <TagChips tags={list.tags} /> : <span className="cell-muted">None</span>}</td>
              <td className="cell-nowrap" title={formatDateTime(list.addedAt)}>
                {formatDate(list.addedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
