import { useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { FormModal } from '../../../components/form-modal';
import { Icon } from '../../../components/icons';
import { EmptyState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatPhone } from '../../../lib/format';
import { useAddPerson, useRemovePerson, type DealContact, type DealDetail } from '../api';
import { ADDABLE_CONTACT_ROLES, CONTACT_ROLE_LABELS } from '../deal-labels';

function AddPersonDialog({ dealId, onClose }: { dealId: string; onClose: () => void }) {
  const addPerson = useAddPerson(dealId);
  const toast = useToast();
  const [role, setRole] = useState<DealContact['role']>('heir');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');

  return (
    <FormModal
      title="Add person"
      description="Someone else on the deal: an heir, an attorney, the agent, the title company."
      onClose={onClose}
      onSubmit={() =>
        addPerson.mutate(
          { role, name: name.trim(), phone: phone.trim() || undefined, email: email.trim() || undefined },
          {
            onSuccess: (contact) => {
              toast.show('success', `${contact.name} added`);
              onClose();
            },
          },
        )
      }
      submitLabel="Add person"
      pendingLabel="Adding…"
      pending={addPerson.isPending}
      canSubmit={name.trim() !== ''}
      error={addPerson.error}
    >
      <div className="form-grid">
        <div className="field">
          <label htmlFor="person-role">Role</label>
          <select id="person-role" value={role} onChange={(event) => setRole(event.target.value as DealContact['role'])}>
            {ADDABLE_CONTACT_ROLES.map((option) => (
              <option key={option} value={option}>
                {CONTACT_ROLE_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="person-name">Name</label>
          <input id="person-name" autoFocus required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="person-phone">Phone</label>
          <input id="person-phone" type="tel" maxLength={40} value={phone} onChange={(event) => setPhone(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="person-email">Email</label>
          <input id="person-email" type="email" maxLength={320} value={email} onChange={(event) => setEmail(event.target.value)} />
        </div>
      </div>
    </FormModal>
  );
}

/** The people on the deal: the property's owners from the start, then whoever is added. */
export function DealContacts({ deal, canEdit }: { deal: DealDetail; canEdit: boolean }) {
  const removePerson = useRemovePerson(deal.id);
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<DealContact | null>(null);

  return (
    <section className="card" aria-labelledby="deal-people-title">
      <div className="card-header card-header-actions">
        <div>
          <h2 id="deal-people-title">People</h2>
          <p>Owners first, then everyone else on the deal.</p>
        </div>
        {canEdit && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setAdding(true)}>
            <Icon name="plus" />
            Add person
          </button>
        )}
      </div>
      {deal.contacts.length === 0 ? (
        <EmptyState title="Nobody on this deal yet" />
      ) : (
        <ul className="deal-people">
          {deal.contacts.map((contact) => (
            <li key={contact.id} className="deal-person">
              <div className="deal-person-head">
                <span className="cell-primary">{contact.name}</span>
                <span className={`badge ${contact.role === 'owner' ? 'badge-info' : 'badge-neutral'}`}>
                  {CONTACT_ROLE_LABELS[contact.role]}
                </span>
                {canEdit && (
                  <button
                    type="button"
                    className="icon-button deal-person-remove"
                    aria-label={`Remove ${contact.name} from the deal`}
                    onClick={() => setRemoving(contact)}
                  >
                    <Icon name="trash" className="icon icon-sm" />
                  </button>
                )}
              </div>
              {(contact.phone || contact.email) && (
                <div className="deal-person-contact">
                  {contact.phone && (
                    <a href={`tel:${contact.phone}`}>
                      <Icon name="phone" className="icon icon-sm" />
                      {formatPhone(contact.phone)}
                    </a>
                  )}
                  {contact.email && (
                    <a href={`mailto:${contact.email}`}>
                      <Icon name="mail" className="icon icon-sm" />
                      {contact.email}
                    </a>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {adding && <AddPersonDialog dealId={deal.id} onClose={() => setAdding(false)} />}
      {removing && (
        <ConfirmDialog
          title="Remove from the deal?"
          message={`${removing.name} will no longer be listed on this deal.${removing.role === 'owner' ? ' They stay an owner of the property.' : ''}`}
          confirmLabel="Remove"
          pending={removePerson.isPending}
          onCancel={() => setRemoving(null)}
          onConfirm={() =>
            removePerson.mutate(removing.id, {
              onSuccess: () => toast.show('success', `${removing.name} removed from the deal`),
              onSettled: () => setRemoving(null),
            })
          }
        />
      )}
    </section>
  );
}
