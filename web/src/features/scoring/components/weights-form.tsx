import { useState, type FormEvent } from 'react';
import { DefaultsFormFooter } from '../../../components/defaults-form-footer';
import { ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatDateTime } from '../../../lib/format';
import { useSaveScoringWeights, useScoringWeights, type Band, type WeightOverrides, type Weights, type WeightsView } from '../api';

type FlagKey = { [K in keyof Weights]: Weights[K] extends number ? K : never }[keyof Weights];
type BandKey = Exclude<keyof Weights, FlagKey>;

const FLAGS: { key: FlagKey; label: string }[] = [
  { key: 'absentee', label: 'Absentee owner' },
  { key: 'outOfState', label: 'Owner out of state' },
  { key: 'taxDelinquent', label: 'Tax delinquent' },
  { key: 'preForeclosure', label: 'Pre-foreclosure' },
  { key: 'probate', label: 'Probate' },
  { key: 'vacant', label: 'Vacant' },
  { key: 'codeViolation', label: 'Code violation' },
  { key: 'otherDistress', label: 'Other distress list' },
  { key: 'trustOrEstate', label: 'Owned by a trust or estate' },
  { key: 'freeAndClear', label: 'Free and clear' },
  { key: 'entityOwned', label: 'Owned by a company' },
];

const BANDS: { key: BandKey; label: string; unit: string }[] = [
  { key: 'yearsOwned', label: 'Years owned', unit: 'years' },
  { key: 'equityPercent', label: 'Equity', unit: '%' },
  { key: 'distressLists', label: 'Distress lists the property is on', unit: 'lists' },
  { key: 'portfolioOwner', label: 'Properties the owner holds', unit: 'properties' },
];

const POINTS_LIMIT = 50;
const MAX_BANDS = 10;

/** Band rows as typed: text, so a half-typed number does not jump. */
interface BandDraft {
  min: string;
  max: string;
  points: string;
}

type Draft = { flags: Record<FlagKey, string>; bands: Record<BandKey, BandDraft[]> };

const text = (value: number | undefined) => (value === undefined ? '' : String(value));
const signed = (points: number) => (points > 0 ? `+${points}` : points < 0 ? `−${-points}` : '0');

function draftOf(weights: Weights): Draft {
  return {
    flags: Object.fromEntries(FLAGS.map(({ key }) => [key, String(weights[key])])) as Record<FlagKey, string>,
    bands: Object.fromEntries(
      BANDS.map(({ key }) => [
        key,
        weights[key].map((band) => ({ min: text(band.min), max: text(band.max), points: String(band.points) })),
      ]),
    ) as Record<BandKey, BandDraft[]>,
  };
}

/** "10 to 20 years: +5"; a band open on one side reads "under 2" or "20 and more". */
export function describeBand(band: Band, unit: string): string {
  const range =
    band.min !== undefined && band.max !== undefined
      ? `${band.min} to ${band.max}`
      : band.min !== undefined
        ? `${band.min} and more`
        : band.max !== undefined
          ? `under ${band.max}`
          : 'any';
  return `${range} ${unit}: ${signed(band.points)}`;
}

const parsePoints = (value: string): number | null => {
  const n = Number(value.trim());
  return value.trim() !== '' && Number.isInteger(n) && Math.abs(n) <= POINTS_LIMIT ? n : null;
};
const parseBound = (value: string): number | undefined | null => {
  if (value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) ? n : null;
};

/** The weights the draft stands for, or the problems that stop it from being saved. */
function weightsOf(draft: Draft): { weights?: Weights; problems: string[] } {
  const problems: string[] = [];
  const weights = {} as Record<string, unknown>;
  for (const { key, label } of FLAGS) {
    const points = parsePoints(draft.flags[key]);
    if (points === null) problems.push(`${label}: points are a whole number from −${POINTS_LIMIT} to ${POINTS_LIMIT}`);
    weights[key] = points ?? 0;
  }
  for (const { key, label } of BANDS) {
    const bands: Band[] = [];
    draft.bands[key].forEach((row, i) => {
      const min = parseBound(row.min);
      const max = parseBound(row.max);
      const points = parsePoints(row.points);
      const where = `${label}, band ${i + 1}`;
      if (min === null || max === null) problems.push(`${where}: the bounds are numbers`);
      else if (min === undefined && max === undefined) problems.push(`${where}: needs a “from” or an “under”`);
      else if (min !== undefined && max !== undefined && min >= max) problems.push(`${where}: “from” must be below “under”`);
      if (points === null) problems.push(`${where}: points are a whole number from −${POINTS_LIMIT} to ${POINTS_LIMIT}`);
      const band: Band = { points: points ?? 0 };
      if (typeof min === 'number') band.min = min;
      if (typeof max === 'number') band.max = max;
      const previous = bands[bands.length - 1];
      if (previous && (previous.max === undefined || band.min === undefined || band.min < previous.max))
        problems.push(`${where}: starts before the band above ends`);
      bands.push(band);
    });
    weights[key] = bands;
  }
  return problems.length > 0 ? { problems } : { weights: weights as unknown as Weights, problems };
}

/** Only what differs from the defaults, so a later change of a default still reaches the weights left alone. */
function overridesOf(weights: Weights, defaults: Weights): WeightOverrides {
  const overrides: Record<string, unknown> = {};
  for (const key of Object.keys(defaults) as (keyof Weights)[]) {
    if (JSON.stringify(weights[key]) !== JSON.stringify(defaults[key])) overrides[key] = weights[key];
  }
  return overrides as WeightOverrides;
}

function WeightsFields({ view, canEdit }: { view: WeightsView; canEdit: boolean }) {
  const save = useSaveScoringWeights();
  const toast = useToast();
  const [draft, setDraft] = useState(() => draftOf(view.weights));
  const { weights, problems } = weightsOf(draft);
  const overrides = weights ? overridesOf(weights, view.defaults) : null;
  const changed = overrides !== null && JSON.stringify(overrides) !== JSON.stringify(overridesOf(view.weights, view.defaults));
  const customised = Object.keys(view.overrides).length > 0;

  const setFlag = (key: FlagKey, value: string) => setDraft((current) => ({ ...current, flags: { ...current.flags, [key]: value } }));
  const setBands = (key: BandKey, rows: BandDraft[]) => setDraft((current) => ({ ...current, bands: { ...current.bands, [key]: rows } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!overrides) return;
    save.mutate(overrides, { onSuccess: () => toast.show('success', 'Weights saved; every property is being rescored') });
  };
  const reset = () =>
    save.mutate({}, { onSuccess: () => toast.show('success', 'Weights reset to the defaults; every property is being rescored') });

  return (
    <form className="card-padded stack" onSubmit={submit} aria-label="Score weights">
      <p className="field-hint weights-note">
        Saving rescores every property in the background; the list and property pages show the new scores within a minute or so.
        {view.updatedAt && ` Last changed ${formatDateTime(view.updatedAt)}.`}
      </p>
      <fieldset className="weights-group" disabled={!canEdit || save.isPending}>
        <legend>Signals: points when present</legend>
        <div className="weights-flags">
          {FLAGS.map(({ key, label }) => {
            const isDefault = parsePoints(draft.flags[key]) === view.defaults[key];
            return (
              <div className="field weight-field" key={key}>
                <label htmlFor={`weight-${key}`}>{label}</label>
                <div className="weight-input">
                  <input
                    id={`weight-${key}`}
                    type="number"
                    step={1}
                    min={-POINTS_LIMIT}
                    max={POINTS_LIMIT}
                    inputMode="numeric"
                    value={draft.flags[key]}
                    onChange={(event) => setFlag(key, event.target.value)}
                    className={isDefault ? undefined : 'input-changed'}
                  />
                  <span className="default-hint" data-testid={`default-${key}`}>
                    default {signed(view.defaults[key])}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
      {BANDS.map(({ key, label, unit }) => (
        <fieldset className="weights-group" key={key} disabled={!canEdit || save.isPending}>
          <legend>{label}: points by band</legend>
          <p className="field-hint">
            Default: {view.defaults[key].map((band) => describeBand(band, unit)).join(' · ') || 'no bands'}. A value in no band adds
            nothing; “from” counts, “under” does not.
          </p>
          <table className="data-table data-table-compact band-table" aria-label={`${label} bands`}>
            <thead>
              <tr>
                <th>From ({unit})</th>
                <th>Under ({unit})</th>
                <th>Points</th>
                <th className="cell-actions" aria-label="Remove" />
              </tr>
            </thead>
            <tbody>
              {draft.bands[key].map((row, i) => {
                const update = (patch: Partial<BandDraft>) =>
                  setBands(
                    key,
                    draft.bands[key].map((other, j) => (j === i ? { ...other, ...patch } : other)),
                  );
                return (
                  <tr key={i}>
                    <td>
                      <input
                        type="number"
                        step="any"
                        placeholder="Open"
                        aria-label={`${label} band ${i + 1} from`}
                        value={row.min}
                        onChange={(e) => update({ min: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        step="any"
                        placeholder="Open"
                        aria-label={`${label} band ${i + 1} under`}
                        value={row.max}
                        onChange={(e) => update({ max: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="number"
                        step={1}
                        min={-POINTS_LIMIT}
                        max={POINTS_LIMIT}
                        aria-label={`${label} band ${i + 1} points`}
                        value={row.points}
                        onChange={(e) => update({ points: e.target.value })}
                      />
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="btn btn-ghost btn-sm"
                        onClick={() =>
                          setBands(
                            key,
                            draft.bands[key].filter((_, j) => j !== i),
                          )
                        }
                        aria-label={`Remove ${label} band ${i + 1}`}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {canEdit && draft.bands[key].length < MAX_BANDS && (
            <button
              type="button"
              className="btn btn-ghost btn-sm band-add"
              onClick={() => {
                const last = draft.bands[key][draft.bands[key].length - 1];
                setBands(key, [...draft.bands[key], { min: last?.max ?? '', max: '', points: '0' }]);
              }}
            >
              Add band
            </button>
          )}
        </fieldset>
      ))}
      <DefaultsFormFooter
        problems={problems}
        error={save.isError ? save.error : null}
        saving={save.isPending}
        saveLabel="Save weights"
        changed={changed}
        customised={customised}
        onReset={reset}
        onDiscard={() => setDraft(draftOf(view.weights))}
        canEdit={canEdit}
        readOnlyNote={<p className="field-hint">Only admins change the weights.</p>}
      />
    </form>
  );
}

/** The stack score's points per signal, with the defaults beside them. */
export function WeightsForm({ canEdit }: { canEdit: boolean }) {
  const weights = useScoringWeights();
  if (weights.isPending) return <LoadingState label="Loading weights…" />;
  if (weights.isError) return <ErrorState error={weights.error} onRetry={() => weights.refetch()} />;
  // Keyed by what the server holds, so the form starts over from it after a save or a reset.
  return <WeightsFields key={JSON.stringify(weights.data.weights)} view={weights.data} canEdit={canEdit} />;
}
