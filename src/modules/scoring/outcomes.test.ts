import { describe, expect, it } from 'vitest';
import { isPositiveOutcome, parseOutcome } from './outcomes.js';

describe('outcomes', () => {
  it('reads the lead statuses lists and CRMs use', () => {
    expect(parseOutcome('Contacted')).toBe('contacted');
    expect(parseOutcome('Appointment Set')).toBe('appointment');
    expect(parseOutcome('under contract')).toBe('under_contract');
    expect(parseOutcome('UNDER_CONTRACT')).toBe('under_contract');
    expect(parseOutcome('Won Deal')).toBe('won');
    expect(parseOutcome('Closed')).toBe('won');
    expect(parseOutcome('Not interested')).toBe('dead');
  });

  it('takes statuses of leads nobody reached yet, and empty cells, as no outcome', () => {
    for (const raw of ['', '  ', 'New Lead', 'Mailers Sent', 'Not Contacted']) expect(parseOutcome(raw), raw).toBeNull();
  });

  it('does not guess at statuses it does not know', () => {
    expect(parseOutcome('Hot')).toBeUndefined();
    expect(parseOutcome('Closed - complied')).toBeUndefined();
  });

  it('counts appointments and later stages as positive', () => {
    expect(['contacted', 'appointment', 'under_contract', 'won', 'dead'].map((o) => isPositiveOutcome(o as never))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });
});
