import type { Tx } from '../../platform/db/database.js';

/** What came of working a parcel, in pipeline order; `dead` ends it without a deal. */
export const OUTCOMES = ['contacted', 'appointment', 'under_contract', 'won', 'dead'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const isOutcome = (value: unknown): value is Outcome => (OUTCOMES as readonly unknown[]).includes(value);

/** The model learns to tell outcomes that became a deal opportunity from those that did not. */
const POSITIVE: readonly Outcome[] = ['appointment', 'under_contract', 'won'];
export const isPositiveOutcome = (outcome: Outcome) => POSITIVE.includes(outcome);

/**
 * Lead statuses as CRMs and list providers spell them, compared without case,
 * spaces or punctuation. `none` are statuses of parcels nobody has reached yet:
 * they carry no outcome and are not an error.
 */
const SPELLINGS: Record<Outcome | 'none', string[]> = {
  contacted: [
    'contacted',
    'called',
    'spoketoowner',
    'talkedtoowner',
    'followup',
    'followingup',
    'inconversation',
    'responded',
    'replied',
    'interested',
  ],
  appointment: ['appointment', 'appointmentset', 'appt', 'apptset', 'meeting', 'meetingset', 'offermade', 'offersent'],
  under_contract: ['undercontract', 'contract', 'contractsigned', 'incontract'],
  won: ['won', 'wondeal', 'closed', 'closedwon', 'dealclosed', 'purchased', 'acquired'],
  dead: ['dead', 'deaddeal', 'lost', 'closedlost', 'notinterested', 'donotcontact', 'dnc', 'declined'],
  none: [
    'new',
    'newlead',
    'lead',
    'notcontacted',
    'uncontacted',
    'mailerssent',
    'mailed',
    'marketing',
    'prospect',
    'none',
    'open',
    'tocall',
  ],
};
const BY_SPELLING = new Map<string, Outcome | null>(
  Object.entries(SPELLINGS).flatMap(([outcome, spellings]) =>
    spellings.map((s) => [s, outcome === 'none' ? null : (outcome as Outcome)] as const),
  ),
);

/** A list's outcome cell: the outcome, null for "not worked yet" (or empty), undefined when unrecognised. */
export function parseOutcome(raw: string): Outcome | null | undefined {
  const key = raw.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!key) return null;
  return BY_SPELLING.get(key);
}

/** Sets parcels' outcomes in the caller's transaction; the newest wins, as for any field. One entry per parcel. */
export async function recordOutcomes(tx: Tx, entries: readonly { parcelId: string; outcome: Outcome }[], source: string): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `insert into parcel_outcomes (parcel_id, outcome, source)
     select parcel_id, outcome, $3 from unnest($1::uuid[], $2::text[]) as x(parcel_id, outcome)
     on conflict (tenant_id, parcel_id) do update set outcome = excluded.outcome, source = excluded.source, set_at = now()
      where (parcel_outcomes.outcome, parcel_outcomes.source) is distinct from (excluded.outcome, excluded.source)`,
    [entries.map((e) => e.parcelId), entries.map((e) => e.outcome), source],
  );
}
