import { useState, type FormEvent } from 'react';
import { InputWithUnit } from '../../../components/input-with-unit';
import { useToast } from '../../../components/toast';
import { useUpdateDeal, type DealChanges, type DealDetail } from '../api';

interface Draft {
  askingPrice: string;
  contractPrice: string;
  expectedProfit: string;
  expectedCloseDate: string;
  tags: string;
}

const draftOf = (deal: DealDetail): Draft => ({
  askingPrice: deal.askingPrice === null ? '' : String(deal.askingPrice),
  contractPrice: deal.contractPrice === null ? '' : String(deal.contractPrice),
  expectedProfit: deal.expectedProfit === null ? '' : String(deal.expectedProfit),
  expectedCloseDate: deal.expectedCloseDate ?? '',
  tags: deal.tags.join(', '),
});

const amountOf = (text: string) => (text.trim() === '' ? null : Number(text));
const tagsOf = (text: string) => [...new Set(text.split(',').map((tag) => tag.trim().toLowerCase()))].filter(Boolean);

/** What is wrong with a draft, in words; nothing when it can be saved. */
function problemsOf(draft: Draft): string[] {
  const problems: string[] = [];
  for (const [name, label] of [
    ['askingPrice', 'The asking price'],
    ['contractPrice', 'The contract price'],
  ] as const) {
    const value = amountOf(draft[name]);
    if (value !== null && !(Number.isFinite(value) && value >= 0)) problems.push(`${label} must be an amount of zero or more.`);
  }
  const profit = amountOf(draft.expectedProfit);
  if (profit !== null && !Number.isFinite(profit)) problems.push('The expected profit must be an amount.');
  if (tagsOf(draft.tags).some((tag) => tag.length > 40)) problems.push('A tag can have at most 40 characters.');
  return problems;
}

/** The fields of the draft that differ from the deal, as the PATCH body. */
function changesOf(deal: DealDetail, draft: Draft): DealChanges {
  const changes: DealChanges = {};
  for (const name of ['askingPrice', 'contractPrice', 'expectedProfit'] as const) {
    const value = amountOf(draft[name]);
    if (value !== deal[name]) changes[name] = value;
  }
  const closeDate = draft.expectedCloseDate || null;
  if (closeDate !== deal.expectedCloseDate) changes.expectedCloseDate = closeDate;
  const tags = tagsOf(draft.tags);
  if ([...tags].sort().join('\n') !== [...deal.tags].sort().join('\n')) changes.tags = tags;
  return changes;
}

function MoneyField({
  id,
  label,
  value,
  onChange,
  allowNegative = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  allowNegative?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <InputWithUnit unit="$">
        <input
          id={id}
          type="number"
          inputMode="decimal"
          step="any"
          min={allowNegative ? undefined : 0}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      </InputWithUnit>
    </div>
  );
}

/** The deal's money and dates, edited together and saved with one button. */
export function DealMoneyForm({ deal, canEdit }: { deal: DealDetail; canEdit: boolean }) {
  const update = useUpdateDeal(deal.id);
  const toast = useToast();
  const [draft, setDraft] = useState(() => draftOf(deal));
  const set = (name: keyof Draft) => (value: string) => setDraft((current) => ({ ...current, [name]: value }));
  const problems = problemsOf(draft);
  const changes = problems.length === 0 ? changesOf(deal, draft) : {};
  const changed = Object.keys(changes).length > 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!changed) return;
    update.mutate(changes, { onSuccess: () => toast.show('success', 'Deal saved') });
  }

  return (
    <section className="card" aria-labelledby="deal-money-title">
      <div className="card-header">
        <h2 id="deal-money-title">Numbers</h2>
        <p>The contract price and expected profit add up in the board's column totals and forecast.</p>
      </div>
      <form className="deal-money-form" onSubmit={submit}>
        <fieldset className="settings-fieldset" disabled={!canEdit}>
          <div className="form-grid">
            <MoneyField id="deal-asking-price" label="Asking price" value={draft.askingPrice} onChange={set('askingPrice')} />
            <MoneyField id="deal-contract-price" label="Contract price" value={draft.contractPrice} onChange={set('contractPrice')} />
            <MoneyField
              id="deal-expected-profit"
              label="Expected profit or assignment fee"
              value={draft.expectedProfit}
              onChange={set('expectedProfit')}
              allowNegative
            />
            <div className="field">
              <label htmlFor="deal-close-date">Expected close date</label>
              <input
                id="deal-close-date"
                type="date"
                value={draft.expectedCloseDate}
                onChange={(event) => set('expectedCloseDate')(event.target.value)}
              />
            </div>
          </div>
          <div className="field">
            <label htmlFor="deal-tags">Tags</label>
            <input id="deal-tags" placeholder="probate, vacant" value={draft.tags} onChange={(event) => set('tags')(event.target.value)} />
            <p className="field-hint">Separate tags with commas. The board can be filtered by tag.</p>
          </div>
          {problems.length > 0 && (
            <ul className="alert alert-error weights-problems" role="alert">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          {canEdit && (
            <div className="form-actions form-actions-start">
              <button type="submit" className="btn btn-primary" disabled={!changed || update.isPending}>
                {update.isPending ? 'Saving…' : 'Save'}
              </button>
              {changed && (
                <button type="button" className="btn btn-ghost" onClick={() => setDraft(draftOf(deal))}>
                  Discard changes
                </button>
              )}
            </div>
          )}
        </fieldset>
      </form>
    </section>
  );
}
