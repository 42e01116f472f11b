import { Avatar } from '../../../components/avatar';
import { EmptyState } from '../../../components/page-states';
import { Icon } from '../../../components/icons';
import { formatPhone } from '../../../lib/format';
import type { PropertyDetail } from '../api';

type Owner = PropertyDetail['owners'][number];

const LINE_TYPE_LABELS: Record<string, string> = { mobile: 'Mobile', landline: 'Landline', voip: 'VoIP', toll_free: 'Toll-free' };

function ownerKind(owner: Owner): string {
  if (owner.kind === 'person') return 'Person';
  if (owner.kind === 'entity') return owner.entityType ? `Company · ${owner.entityType}` : 'Company or trust';
  return 'Owner';
}

export function PropertyOwners({ owners }: { owners: Owner[] }) {
  if (owners.length === 0)
    return <EmptyState title="No owner on record">None of the lists this property came from named an owner.</EmptyState>;
  return (
    <ul className="owner-list">
      {owners.map((owner) => (
        <li key={owner.id} className="owner-card">
          <div className="owner-head">
            <Avatar name={owner.name} />
            <div>
              <div className="owner-name">{owner.name}</div>
              <div className="cell-muted">{ownerKind(owner)}</div>
            </div>
            {owner.absentee && (
              <span className="badge badge-warning" title="The owner’s mailing address is not the property’s">
                Absentee owner
              </span>
            )}
          </div>
          <dl className="owner-facts">
            <dt>Mailing address</dt>
            <dd>{owner.mailingAddress ?? <span className="cell-muted">Not known</span>}</dd>
            <dt>Phones</dt>
            <dd>
              {owner.phones.length === 0 ? (
                <span className="cell-muted">None</span>
              ) : (
                <ul className="contact-list">
                  {owner.phones.map((phone) => (
                    <li key={phone.e164}>
                      <Icon name="phone" className="icon icon-sm" />
                      <a href={`tel:${phone.e164}`}>{formatPhone(phone.e164)}</a>
                      {phone.lineType !== 'unknown' && <span className="tag">{LINE_TYPE_LABELS[phone.lineType] ?? phone.lineType}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>Emails</dt>
            <dd>
              {owner.emails.length === 0 ? (
                <span className="cell-muted">None</span>
              ) : (
                <ul className="contact-list">
                  {owner.emails.map((email) => (
                    <li key={email}>
                      <Icon name="mail" className="icon icon-sm" />
                      <a href={`mailto:${email}`}>{email}</a>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
