import type { Static } from '@sinclair/typebox';
import type { PropertyDetail } from '../../../../../src/modules/properties/schema';
import { OUTCOME_LABELS, useSetOutcome, type Outcome } from '../api';

const signed = (points: number) => (points > 0 ? `+${points}` : String(points));
/** "equity: unknown" → "equity": the group's title already says they are unknown. */
const unknownName = (label: string) => label.replace(/: unknown$/, '');

/** The motivation score with its reasons, and the outcome picker that teaches the model. */
export function ScoreCard({ property }: { property: Static<typeof PropertyDetail> }) {
  const setOutcome = useSetOutcome(property.id);
  const { score, outcome } = property;
  const pointed = score?.reasons.filter((reason) => !reason.unknown) ?? [];
  const unknown = score?.reasons.filter((reason) => reason.unknown) ?? [];
  return (
    <section className="card" aria-labelledby="score-title">
      <div className="card-header">
        <h2 id="score-title">Motivation score</h2>
        <p>Why this owner may sell: each reason adds or takes points, and they add up to the score.</p>
      </div>
      <div className="score-body">
        {score ? (
          <>
            <div className="score-summary">
              <span className="score-value" aria-label={`Score ${score.score} of 100`}>
                {score.score}
              </span>
              <span className="cell-muted">
                Signals {score.stackScore}
                {score.modelScore !== null && ` · model v${score.modelVersion ?? '?'} ${score.modelScore}`}
              </span>
            </div>
            <ul className="reason-list">
              {pointed.map((reason) => (
                <li key={reason.key}>
                  <span>{reason.label}</span>
                  <span className={reason.points < 0 ? 'reason-points reason-points-negative' : 'reason-points'}>
                    {signed(reason.points)}
                  </span>
                </li>
              ))}
            </ul>
            {unknown.length > 0 && (
              <p className="reason-unknown" data-testid="unknown-signals">
                <span className="reason-unknown-title">Unknown, so no points:</span>{' '}
                {unknown.map((reason) => unknownName(reason.label)).join(', ')}
              </p>
            )}
          </>
        ) : (
          <p className="cell-muted">Not scored yet: the score follows once the property's signals are computed.</p>
        )}
        <div className="field">
          <label htmlFor="property-outcome">Outcome</label>
          <select
            id="property-outcome"
            value={outcome?.outcome ?? ''}
            disabled={setOutcome.isPending}
            onChange={(event) => setOutcome.mutate(event.target.value ? (event.target.value as Outcome) : null)}
          >
            <option value="">Not worked yet</option>
            {(Object.keys(OUTCOME_LABELS) as Outcome[]).map((value) => (
              <option key={value} value={value}>
                {OUTCOME_LABELS[value]}
              </option>
            ))}
          </select>
          <p className="field-hint">What came of working it. Your outcomes train the model behind the score.</p>
        </div>
      </div>
    </section>
  );
}
