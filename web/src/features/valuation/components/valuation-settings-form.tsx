import { useState, type FormEvent } from 'react';
import { DefaultsFormFooter } from '../../../components/defaults-form-footer';
import { InputWithUnit } from '../../../components/input-with-unit';
import { ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { formatMoney, formatNumber } from '../../../lib/format';
import {
  useSaveValuationSettings,
  useValuationSettings,
  type ValuationSettings,
  type ValuationSettingsUpdate,
  type ValuationSettingsView,
} from '../api';

type NumberKey = { [K in keyof ValuationSettings]: ValuationSettings[K] extends number ? K : never }[keyof ValuationSettings];
type Preset = ValuationSettings['repairPresets'][number];

interface FieldSpec {
  key: NumberKey;
  label: string;
  unit: '$' | '%' | 'months' | 'years';
  hint: string;
  min?: number;
  max?: number;
}

interface GroupSpec {
  id: string;
  title: string;
  description: string;
  fields: FieldSpec[];
}

const GROUPS: GroupSpec[] = [
  {
    id: 'offer',
    title: 'Offer rule',
    description: 'Maximum allowable offer = ARV × rule − repairs − other costs.',
    fields: [
      { key: 'arvRulePercent', label: 'ARV rule', unit: '%', hint: 'Share of the after-repair value you pay at most', min: 1, max: 100 },
      { key: 'otherCosts', label: 'Other costs', unit: '$', hint: 'Closing, fees and a margin for error', min: 0 },
    ],
  },
  {
    id: 'flip',
    title: 'Flip',
    description: 'Buy, repair and sell: what holding and financing the flip cost.',
    fields: [
      { key: 'holdingMonths', label: 'Holding time', unit: 'months', hint: 'From purchase to sale', min: 0, max: 120 },
      { key: 'holdingCostsMonthly', label: 'Holding costs / month', unit: '$', hint: 'Taxes, insurance, utilities', min: 0 },
      { key: 'buyClosingPercent', label: 'Closing to buy', unit: '%', hint: 'Of the purchase price', min: 0 },
      { key: 'sellClosingPercent', label: 'Costs to sell', unit: '%', hint: 'Agent and closing, of the ARV', min: 0 },
      { key: 'loanToCostPercent', label: 'Loan to cost', unit: '%', hint: 'Share of purchase and repairs borrowed', min: 0, max: 100 },
      { key: 'loanRatePercent', label: 'Loan rate / year', unit: '%', hint: 'Interest on the flip loan', min: 0 },
      { key: 'loanPointsPercent', label: 'Loan points', unit: '%', hint: 'Paid once, of the loan', min: 0 },
    ],
  },
  {
    id: 'hold',
    title: 'Buy and hold',
    description: 'Keep and rent: rent and tax follow the ARV; the rest are shares of the rent or loan terms.',
    fields: [
      { key: 'rentPercentOfValue', label: 'Rent / month', unit: '%', hint: 'Of the ARV, each month', min: 0, max: 10 },
      { key: 'propertyTaxPercent', label: 'Property tax / year', unit: '%', hint: 'Of the ARV, each year', min: 0, max: 10 },
      { key: 'vacancyPercent', label: 'Vacancy', unit: '%', hint: 'Of the rent', min: 0, max: 100 },
      { key: 'managementPercent', label: 'Management', unit: '%', hint: 'Of the rent', min: 0, max: 100 },
      { key: 'maintenancePercent', label: 'Maintenance', unit: '%', hint: 'Of the rent', min: 0, max: 100 },
      { key: 'capexPercent', label: 'Capital reserve', unit: '%', hint: 'Of the rent, for roofs and systems', min: 0, max: 100 },
      { key: 'insuranceAnnual', label: 'Insurance / year', unit: '$', hint: 'Landlord policy', min: 0 },
      { key: 'downPaymentPercent', label: 'Down payment', unit: '%', hint: 'Of the purchase price', min: 0, max: 100 },
      { key: 'mortgageRatePercent', label: 'Mortgage rate', unit: '%', hint: 'Yearly, fixed', min: 0 },
      { key: 'mortgageYears', label: 'Mortgage term', unit: 'years', hint: 'Paid off over', min: 1, max: 50 },
    ],
  },
  {
    id: 'wholesale',
    title: 'Wholesale',
    description: 'Contract at the maximum allowable offer and assign the contract to an end buyer.',
    fields: [{ key: 'assignmentFee', label: 'Assignment fee', unit: '$', hint: 'What the end buyer pays you on top', min: 0 }],
  },
];

const NUMBER_KEYS = GROUPS.flatMap((group) => group.fields.map((field) => field.key));

const unitText = (unit: FieldSpec['unit'], value: number) =>
  unit === '$' ? formatMoney(value) : unit === '%' ? `${formatNumber(value)} %` : `${formatNumber(value)} ${unit}`;

interface PresetDraft {
  /** Stable row key: a new preset's name follows its description as it is typed. */
  key: string;
  /** Empty for a preset added in this draft; it gets a name from its description. */
  name: string;
  label: string;
  perSqft: string;
  minimum: string;
}

interface Draft {
  numbers: Record<NumberKey, string>;
  presets: PresetDraft[];
  defaultRepairPreset: string;
}

function draftOf(settings: ValuationSettings): Draft {
  return {
    numbers: Object.fromEntries(NUMBER_KEYS.map((key) => [key, String(settings[key])])) as Record<NumberKey, string>,
    presets: settings.repairPresets.map((preset) => ({
      key: preset.name,
      name: preset.name,
      label: preset.label,
      perSqft: String(preset.perSqft),
      minimum: String(preset.minimum),
    })),
    defaultRepairPreset: settings.defaultRepairPreset,
  };
}

const numberOf = (text: string) => (text.trim() === '' ? NaN : Number(text));

/** The API's limit on presets per tenant. */
const MAX_PRESETS = 12;

/** A name for a new preset from its description ("Full gut + roof" → full_gut_roof), unlike the names already taken. */
function presetNameFor(label: string, taken: Set<string>): string {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents: "Rénovation" → renovation
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  const base = (/^[a-z]/.test(slug) ? slug : `preset_${slug}`).slice(0, 36).replace(/_+$/, '');
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

/** Names of every preset in the draft, new ones named from their descriptions. */
function namedPresets(presets: PresetDraft[]): PresetDraft[] {
  const taken = new Set(presets.filter((preset) => preset.name).map((preset) => preset.name));
  return presets.map((preset) => {
    if (preset.name) return preset;
    const name = presetNameFor(preset.label || 'preset', taken);
    taken.add(name);
    return { ...preset, name };
  });
}

/** The settings the draft stands for, or what is wrong with it. */
function settingsOf(draft: Draft): { settings?: ValuationSettings; problems: string[] } {
  const problems: string[] = [];
  const numbers = {} as Record<NumberKey, number>;
  for (const field of GROUPS.flatMap((group) => group.fields)) {
    const value = numberOf(draft.numbers[field.key]);
    if (!Number.isFinite(value)) problems.push(`${field.label}: enter a number`);
    else if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max))
      problems.push(`${field.label}: from ${field.min ?? '…'} to ${field.max ?? 'any'}`);
    numbers[field.key] = value;
  }
  const named = namedPresets(draft.presets);
  if (!named.some((preset) => preset.key === draft.defaultRepairPreset)) problems.push('Default preset: choose one of the presets');
  const presets: Preset[] = named.map((preset, i) => {
    const perSqft = numberOf(preset.perSqft);
    const minimum = numberOf(preset.minimum);
    if (!preset.label.trim())
      problems.push(
        draft.presets[i]!.name ? `Repair preset “${preset.name}”: needs a description` : 'New repair preset: needs a description',
      );
    if (!Number.isFinite(perSqft) || perSqft < 0 || perSqft > 1000)
      problems.push(`${preset.label || preset.name}: cost per sq ft from $0 to $1,000`);
    if (!Number.isFinite(minimum) || minimum < 0) problems.push(`${preset.label || preset.name}: the minimum is $0 or more`);
    return { name: preset.name, label: preset.label.trim(), perSqft, minimum };
  });
  const defaultRepairPreset = named.find((preset) => preset.key === draft.defaultRepairPreset)?.name ?? draft.defaultRepairPreset;
  return problems.length > 0 ? { problems } : { settings: { ...numbers, repairPresets: presets, defaultRepairPreset }, problems };
}

/** The fields that differ from what the server holds: only those are sent. */
function changesOf(next: ValuationSettings, current: ValuationSettings): ValuationSettingsUpdate {
  const update: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof ValuationSettings)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(current[key])) update[key] = next[key];
  }
  return update as ValuationSettingsUpdate;
}

function NumberField({
  spec,
  value,
  defaultValue,
  onChange,
}: {
  spec: FieldSpec;
  value: string;
  defaultValue: number;
  onChange: (text: string) => void;
}) {
  const id = `setting-${spec.key}`;
  const isDefault = numberOf(value) === defaultValue;
  const input = (
    <input
      id={id}
      type="number"
      step="any"
      min={spec.min}
      max={spec.max}
      inputMode="decimal"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      className={isDefault ? undefined : 'input-changed'}
      data-testid={id}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id}>{spec.label}</label>
      <InputWithUnit unit={spec.unit}>{input}</InputWithUnit>
      <p className="field-hint">
        {spec.hint}. <span className="default-hint">Default {unitText(spec.unit, defaultValue)}</span>
      </p>
    </div>
  );
}

function SettingsFields({ view, canEdit }: { view: ValuationSettingsView; canEdit: boolean }) {
  const save = useSaveValuationSettings();
  const toast = useToast();
  const [draft, setDraft] = useState(() => draftOf(view.settings));
  const { settings, problems } = settingsOf(draft);
  const changes = settings ? changesOf(settings, view.settings) : {};
  const changed = Object.keys(changes).length > 0;
  const atDefaults = Object.keys(changesOf(view.settings, view.defaults)).length === 0;
  const defaultPresets = new Map(view.defaults.repairPresets.map((preset) => [preset.name, preset]));

  const setNumber = (key: NumberKey, text: string) => setDraft((current) => ({ ...current, numbers: { ...current.numbers, [key]: text } }));
  const setPreset = (i: number, patch: Partial<PresetDraft>) =>
    setDraft((current) => ({ ...current, presets: current.presets.map((preset, j) => (j === i ? { ...preset, ...patch } : preset)) }));
  const addPreset = () =>
    setDraft((current) => ({
      ...current,
      presets: [...current.presets, { key: `new-${Date.now()}`, name: '', label: '', perSqft: '', minimum: '0' }],
    }));
  const removePreset = (i: number) =>
    setDraft((current) => {
      const presets = current.presets.filter((_, j) => j !== i);
      // Removing the default hands the role to the first preset left.
      const defaultRepairPreset = presets.some((preset) => preset.key === current.defaultRepairPreset)
        ? current.defaultRepairPreset
        : presets[0]!.key;
      return { ...current, presets, defaultRepairPreset };
    });
  const named = namedPresets(draft.presets);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!changed) return;
    save.mutate(changes, { onSuccess: () => toast.show('success', 'Valuation settings saved') });
  };
  const reset = () =>
    save.mutate(changesOf(view.defaults, view.settings), {
      onSuccess: () => toast.show('success', 'Valuation settings reset to the defaults'),
    });

  return (
    <form className="stack" onSubmit={submit} aria-label="Valuation settings">
      <fieldset className="settings-fieldset" disabled={!canEdit || save.isPending}>
        {GROUPS.map((group) => (
          <section className="card" key={group.id} aria-labelledby={`settings-${group.id}-title`}>
            <div className="card-header">
              <h2 id={`settings-${group.id}-title`}>{group.title}</h2>
              <p>{group.description}</p>
            </div>
            <div className="card-padded form-grid form-grid-3">
              {group.fields.map((spec) => (
                <NumberField
                  key={spec.key}
                  spec={spec}
                  value={draft.numbers[spec.key]}
                  defaultValue={view.defaults[spec.key]}
                  onChange={(text) => setNumber(spec.key, text)}
                />
              ))}
            </div>
          </section>
        ))}
        <section className="card" aria-labelledby="settings-repairs-title">
          <div className="card-header">
            <h2 id="settings-repairs-title">Repairs</h2>
            <p>
              A repair estimate is the preset's cost per sq ft of living area, never less than its minimum. Properties use the default
              preset until someone sets their estimate.
            </p>
          </div>
          <div className="card-padded stack">
            <div className="field settings-default-preset">
              <label htmlFor="setting-defaultRepairPreset">Default preset</label>
              <select
                id="setting-defaultRepairPreset"
                value={draft.defaultRepairPreset}
                onChange={(event) => setDraft((current) => ({ ...current, defaultRepairPreset: event.target.value }))}
              >
                {named.map((preset) => (
                  <option key={preset.key} value={preset.key}>
                    {preset.label || preset.name}
                  </option>
                ))}
              </select>
              <p className="field-hint">
                <span className="default-hint">
                  Default {defaultPresets.get(view.defaults.defaultRepairPreset)?.label ?? view.defaults.defaultRepairPreset}
                </span>
              </p>
            </div>
            <table className="data-table data-table-compact preset-table" aria-label="Repair presets">
              <thead>
                <tr>
                  <th>Preset</th>
                  <th>Description</th>
                  <th>Per sq ft</th>
                  <th>Minimum</th>
                  <th className="cell-actions" aria-label="Remove" />
                </tr>
              </thead>
              <tbody>
                {named.map((preset, i) => {
                  const original = defaultPresets.get(preset.name);
                  return (
                    <tr key={preset.key}>
                      <td className="cell-nowrap">
                        <code>{preset.name}</code>
                        {!draft.presets[i]!.name && <div className="default-hint">New</div>}
                      </td>
                      <td>
                        <input
                          aria-label={`Description of ${preset.name}`}
                          value={preset.label}
                          maxLength={80}
                          placeholder="e.g. Roof and kitchen"
                          onChange={(e) => setPreset(i, { label: e.target.value })}
                        />
                        {original && <div className="default-hint">Default: {original.label}</div>}
                      </td>
                      <td>
                        <InputWithUnit unit="$">
                          <input
                            type="number"
                            step="any"
                            min={0}
                            aria-label={`Cost per sq ft of ${preset.name}`}
                            value={preset.perSqft}
                            onChange={(e) => setPreset(i, { perSqft: e.target.value })}
                          />
                        </InputWithUnit>
                        {original && <div className="default-hint">Default {formatMoney(original.perSqft)}</div>}
                      </td>
                      <td>
                        <InputWithUnit unit="$">
                          <input
                            type="number"
                            step="any"
                            min={0}
                            aria-label={`Minimum of ${preset.name}`}
                            value={preset.minimum}
                            onChange={(e) => setPreset(i, { minimum: e.target.value })}
                          />
                        </InputWithUnit>
                        {original && <div className="default-hint">Default {formatMoney(original.minimum)}</div>}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-ghost-danger btn-sm"
                          onClick={() => removePreset(i)}
                          disabled={named.length === 1}
                          title={named.length === 1 ? 'Keep at least one preset' : undefined}
                          aria-label={`Remove ${preset.label || preset.name}`}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div>
              <button type="button" className="btn btn-secondary btn-sm" onClick={addPreset} disabled={draft.presets.length >= MAX_PRESETS}>
                Add preset
              </button>
              <p className="field-hint">
                Up to {MAX_PRESETS} presets. Properties whose estimate used a removed preset keep their saved amount.
              </p>
            </div>
          </div>
        </section>
      </fieldset>
      <DefaultsFormFooter
        problems={problems}
        error={save.isError ? save.error : null}
        saving={save.isPending}
        saveLabel="Save settings"
        changed={changed}
        customised={!atDefaults}
        onReset={reset}
        onDiscard={() => setDraft(draftOf(view.settings))}
        canEdit={canEdit}
        readOnlyNote={<p className="alert alert-warning">Only admins change these settings; you see what every valuation uses.</p>}
        hint={
          <span className="field-hint">
            Every valuation from now on uses the saved settings; repair estimates already saved on a property stay.
          </span>
        }
        className="settings-actions"
      />
    </form>
  );
}

/** Every offer rule and cost the valuation uses, with the default beside each. */
export function ValuationSettingsForm({ canEdit }: { canEdit: boolean }) {
  const settings = useValuationSettings();
  if (settings.isPending) return <LoadingState label="Loading valuation settings…" />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => settings.refetch()} />;
  return <SettingsFields key={JSON.stringify(settings.data.settings)} view={settings.data} canEdit={canEdit} />;
}
