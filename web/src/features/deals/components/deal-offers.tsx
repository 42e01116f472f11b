import { useState } from 'react';
import { FormModal } from '../../../components/form-modal';
import { Icon } from '../../../components/icons';
import { InputWithUnit } from '../../../components/input-with-unit';
import { EmptyState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatDay, formatMoney } from '../../../lib/format';
import { useMakeOffer, useUpdateOffer, type DealDetail, type Offer } from '../api';
import { OFFER_STATUS_LABELS, OFFER_STATUSES } from '../deal-labels';

const todayLocal = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

/** A new offer, its amount prefilled with the maximum allowable offer the valuation gave when the deal was opened. */
function MakeOfferDialog({ deal, onClose }: { deal: DealDetail; onClose: () => void }) {
  const makeOffer = useMakeOffer(deal.id);
  const toast = useToast();
  const [amount, setAmount] = useState(deal.mao === null ? '' : String(Math.round(deal.mao)));
  const [offeredOn, setOfferedOn] = useState(todayLocal);
  const [status, setStatus] = useState<Offer['status']>('sent');
  const [note, setNote] = useState('');
  const value = Number(amount);

  return (
    <FormModal
      title="Make offer"
      description={
        deal.mao === null
          ? 'The deal had no maximum allowable offer when it was opened: enter the amount.'
          : `Prefilled with the maximum allowable offer, ${formatMoney(deal.mao)}.`
      }
      onClose={onClose}
      onSubmit={() =>
        makeOffer.mutate(
          { amount: value, offeredOn, status, note: note.trim() || undefined },
          {
            onSuccess: (offer) => {
              toast.show('success', `Offer of ${formatMoney(offer.amount)} recorded`);
              onClose();
            },
          },
        )
      }
      submitLabel="Record offer"
      pendingLabel="Recording…"
      pending={makeOffer.isPending}
      canSubmit={amount.trim() !== '' && Number.isFinite(value) && value > 0 && offeredOn !== ''}
      error={makeOffer.error}
    >
      <div className="form-grid">
        <div className="field">
          <label htmlFor="offer-amount">Amount</label>
          <InputWithUnit unit="$">
            <input
              id="offer-amount"
              type="number"
              inputMode="decimal"
              min={1}
              step="any"
              autoFocus
              required
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          </InputWithUnit>
        </div>
        <div className="field">
          <label htmlFor="offer-date">Offered on</label>
          <input id="offer-date" type="date" required value={offeredOn} onChange={(event) => setOfferedOn(event.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="offer-status">Status</label>
        <select id="offer-status" value={status} onChange={(event) => setStatus(event.target.value as Offer['status'])}>
          {OFFER_STATUSES.map((option) => (
            <option key={option} value={option}>
              {OFFER_STATUS_LABELS[option]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="offer-note">Note</label>
        <input
          id="offer-note"
          maxLength={2000}
          placeholder="Cash, close in 14 days"
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
    </FormModal>
  );
}

/** The offers made on the deal, newest first; a status changes in place as the seller answers. */
export function DealOffers({ deal, canEdit }: { deal: DealDetail; canEdit: boolean }) {
  const updateOffer = useUpdateOffer(deal.id);
  const toast = useToast();
  const [making, setMaking] = useState(false);

  return (
    <section className="card" aria-labelledby="deal-offers-title">
      <div className="card-header card-header-actions">
        <div>
          <h2 id="deal-offers-title">Offers</h2>
          <p>
            {deal.mao === null
              ? 'No maximum allowable offer was set when the deal was opened.'
              : `Maximum allowable offer: ${formatMoney(deal.mao)}`}
          </p>
        </div>
        {canEdit && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setMaking(true)}>
            <Icon name="plus" />
            Make offer
          </button>
        )}
      </div>
      {deal.offers.length === 0 ? (
        <EmptyState title="No offers yet" />
      ) : (
        <div className="table-wrap">
          <table className="data-table" aria-label="Offers">
            <thead>
              <tr>
                <th scope="col">Offered on</th>
                <th scope="col" className="cell-numeric">
                  Amount
                </th>
                <th scope="col">Status</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {deal.offers.map((offer) => (
                <tr key={offer.id}>
                  <td className="cell-nowrap">{formatDay(offer.offeredOn)}</td>
                  <td className="cell-numeric cell-primary">{formatMoney(offer.amount)}</td>
                  <td>
                    {canEdit ? (
                      <select
                        className="select-compact"
                        aria-label={`Status of the offer of ${formatMoney(offer.amount)}`}
                        value={offer.status}
                        onChange={(event) =>
                          updateOffer.mutate(
                            { offerId: offer.id, changes: { status: event.target.value as Offer['status'] } },
                            { onSuccess: (updated) => toast.show('success', `Offer ${OFFER_STATUS_LABELS[updated.status].toLowerCase()}`) },
                          )
                        }
                      >
                        {OFFER_STATUSES.map((option) => (
                          <option key={option} value={option}>
                            {OFFER_STATUS_LABELS[option]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      OFFER_STATUS_LABELS[offer.status]
                    )}
                  </td>
                  <td className="cell-muted">{offer.note ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {making && <MakeOfferDialog deal={deal} onClose={() => setMaking(false)} />}
    </section>
  );
}
