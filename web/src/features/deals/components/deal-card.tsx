import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { KeyboardEvent } from 'react';
import { formatMoney } from '../../../lib/format';
import type { Deal } from '../api';
import { DaysInStage, NextStep, TemperatureBadge } from './deal-badges';

const moneyOrDash = (value: number | null) => (value === null ? '—' : formatMoney(value));

/** What a card on the board shows; the same inside the column and under the pointer while dragged. */
export function DealCardBody({ deal }: { deal: Deal }) {
  return (
    <>
      <div className="deal-card-head">
        <span className="deal-card-title">{deal.address ?? deal.title}</span>
        {deal.score !== null && (
          <span className="deal-card-score" title="Motivation score">
            {deal.score}
          </span>
        )}
      </div>
      {deal.address && deal.title !== deal.address && <div className="deal-card-name">{deal.title}</div>}
      <div className="deal-card-owner">{deal.ownerName ?? 'Owner unknown'}</div>
      <dl className="deal-card-money">
        <div>
          <dt>ARV</dt>
          <dd>{moneyOrDash(deal.arv)}</dd>
        </div>
        <div>
          <dt>MAO</dt>
          <dd>{moneyOrDash(deal.mao)}</dd>
        </div>
      </dl>
      <div className="deal-card-meta">
        <DaysInStage deal={deal} />
        <TemperatureBadge temperature={deal.temperature} />
      </div>
      {deal.stageKind === 'open' && (
        <div className="deal-card-next">
          <NextStep deal={deal} />
        </div>
      )}
    </>
  );
}

interface SortableDealCardProps {
  deal: Deal;
  /** The column the card is shown in, which differs from deal.stageId while it is dragged across. */
  stageId: string;
  disabled: boolean;
  onOpen: () => void;
}

/**
 * A card that drags with the pointer or the keyboard (Space lifts and drops it);
 * a click or Enter opens the deal.
 */
export function SortableDealCard({ deal, stageId, disabled, onOpen }: SortableDealCardProps) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: deal.id,
    data: { type: 'card', stageId },
    disabled,
  });
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    listeners?.onKeyDown?.(event);
    if (event.key === 'Enter' && !isDragging) onOpen();
  };
  return (
    <div
      ref={setNodeRef}
      className={`deal-card${deal.rotting ? ' deal-card-rotting' : ''}${isDragging ? ' deal-card-placeholder' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-testid="deal-card"
      data-deal-id={deal.id}
      {...attributes}
      aria-roledescription="deal card"
      {...listeners}
      onKeyDown={onKeyDown}
      onClick={onOpen}
    >
      <DealCardBody deal={deal} />
    </div>
  );
}
