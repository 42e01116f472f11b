import type { ReactNode } from 'react';
import { formatMoney } from '../../../lib/format';
import type { DealDetail } from '../api';
import { DaysInStage, NextStep } from './deal-badges';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="key-fact">
      <span className="key-fact-label">{label}</span>
      <span className="key-fact-value">{children}</span>
    </div>
  );
}

/** The figures a deal is worked from: the property's score, its ARV and MAO when the deal opened, time in stage and the next step. */
export function DealFacts({ deal }: { deal: DealDetail }) {
  return (
    <section className="key-facts" aria-label="Key facts">
      <Fact label="Motivation score">{deal.score ?? '—'}</Fact>
      <Fact label="ARV">{deal.arv === null ? '—' : formatMoney(deal.arv)}</Fact>
      <Fact label="MAO">{deal.mao === null ? '—' : formatMoney(deal.mao)}</Fact>
      <Fact label="In stage">
        <DaysInStage deal={deal} />
      </Fact>
      <Fact label="Next step">{deal.stageKind === 'open' ? <NextStep deal={deal} /> : 'Closed'}</Fact>
      <Fact label="Source">{deal.source ?? '—'}</Fact>
    </section>
  );
}
