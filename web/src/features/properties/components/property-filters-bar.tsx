import { DebouncedInput } from '../../../components/debounced-input';
import { Icon } from '../../../components/icons';
import type { ListSummary, PropertyFilters } from '../api';
import { tagLabel } from './property-badges';

interface PropertyFiltersBarProps {
  filters: PropertyFilters;
  lists: ListSummary[];
  onChange: (filters: PropertyFilters) => void;
}

type NumberFilter =
  'minStack' | 'minValue' | 'maxValue' | 'minEquity' | 'maxEquity' | 'minEquityPercent' | 'maxEquityPercent' | 'minScore' | 'maxScore';

const numberText = (value: number | undefined) => (value === undefined ? '' : String(value));

export function PropertyFiltersBar({ filters, lists, onChange }: PropertyFiltersBarProps) {
  const update = (patch: Partial<PropertyFilters>) => onChange({ ...filters, ...patch });
  const updateNumber = (name: NumberFilter, text: string) => {
    const value = text.trim() === '' ? undefined : Number(text);
    if (value === undefined || Number.isFinite(value)) update({ [name]: value });
  };
  // The server takes whole scores from 0 to 100; anything else typed is brought into range.
  const updateScore = (name: 'minScore' | 'maxScore', text: string) => {
    const value = text.trim() === '' ? undefined : Number(text);
    if (value === undefined || Number.isFinite(value))
      update({ [name]: value === undefined ? undefined : Math.min(100, Math.max(0, Math.round(value))) });
  };
  // Tags come from the lists: every tag a property can carry was given by one.
  const knownTags = [...new Set(lists.flatMap((list) => list.tags))].sort();

  return (
    <form className="property-filters" aria-label="Filter properties" onSubmit={(event) => event.preventDefault()}>
      <div className="field property-search">
        <label htmlFor="property-search">Search</label>
        <div className="input-with-icon">
          <Icon name="search" />
          <DebouncedInput
            id="property-search"
            type="search"
            placeholder="Search address, owner, APN, phone or e-mail"
            title="Words in any order; each matches the start of a word in the address, city, ZIP, APN, owner names, phones or e-mails"
            value={filters.q ?? ''}
            onCommit={(q) => update({ q: q.trim() || undefined })}
          />
        </div>
      </div>
      <div className="field">
        <label htmlFor="property-list">List</label>
        <select id="property-list" value={filters.list ?? ''} onChange={(event) => update({ list: event.target.value || undefined })}>
          <option value="">All lists</option>
          {lists.map((list) => (
            <option key={list.id} value={list.id}>
              {list.name} ({list.properties.toLocaleString('en-US')})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="property-tag">Distress tag</label>
        <select id="property-tag" value={filters.tag ?? ''} onChange={(event) => update({ tag: event.target.value || undefined })}>
          <option value="">Any tag</option>
          {/* A tag from a shared link stays selectable even if no list has it any more. */}
          {[...new Set([...knownTags, ...(filters.tag ? [filters.tag] : [])])].map((tag) => (
            <option key={tag} value={tag}>
              {tagLabel(tag)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="property-min-stack">Min. lists</label>
        <DebouncedInput
          id="property-min-stack"
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          placeholder="Any"
          value={numberText(filters.minStack)}
          onCommit={(text) => updateNumber('minStack', text)}
        />
      </div>
      <RangeField
        label="Score"
        id="property-score"
        min={filters.minScore}
        max={filters.maxScore}
        nonNegative
        limit={100}
        onMin={(text) => updateScore('minScore', text)}
        onMax={(text) => updateScore('maxScore', text)}
      />
      <div className="field">
        <label htmlFor="property-owner-type">Owner type</label>
        <select
          id="property-owner-type"
          value={filters.ownerType ?? ''}
          onChange={(event) => update({ ownerType: (event.target.value || undefined) as PropertyFilters['ownerType'] })}
        >
          <option value="">Anyone</option>
          <option value="person">Person</option>
          <option value="entity">Company or trust</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="property-absentee">Absentee owner</label>
        <select
          id="property-absentee"
          value={filters.absentee === undefined ? '' : String(filters.absentee)}
          onChange={(event) => update({ absentee: event.target.value === '' ? undefined : event.target.value === 'true' })}
        >
          <option value="">Any</option>
          <option value="true">Yes</option>
          <option value="false">No</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="property-city">City</label>
        <DebouncedInput
          id="property-city"
          placeholder="Any city"
          value={filters.city ?? ''}
          onCommit={(city) => update({ city: city.trim() || undefined })}
        />
      </div>
      <div className="field">
        <label htmlFor="property-zip">ZIP</label>
        <DebouncedInput
          id="property-zip"
          inputMode="numeric"
          pattern="\d{5}"
          maxLength={5}
          placeholder="5 digits"
          value={filters.zip ?? ''}
          onCommit={(zip) => {
            // A partial ZIP would match nothing; wait for all five digits.
            if (zip.trim() === '' || /^\d{5}$/.test(zip.trim())) update({ zip: zip.trim() || undefined });
          }}
        />
      </div>
      <RangeField
        label="Value ($)"
        id="property-value"
        min={filters.minValue}
        max={filters.maxValue}
        nonNegative
        onMin={(text) => updateNumber('minValue', text)}
        onMax={(text) => updateNumber('maxValue', text)}
      />
      <RangeField
        label="Equity ($)"
        id="property-equity"
        min={filters.minEquity}
        max={filters.maxEquity}
        onMin={(text) => updateNumber('minEquity', text)}
        onMax={(text) => updateNumber('maxEquity', text)}
      />
      <RangeField
        label="Equity %"
        id="property-equity-percent"
        min={filters.minEquityPercent}
        max={filters.maxEquityPercent}
        onMin={(text) => updateNumber('minEquityPercent', text)}
        onMax={(text) => updateNumber('maxEquityPercent', text)}
      />
    </form>
  );
}

interface RangeFieldProps {
  label: string;
  id: string;
  min: number | undefined;
  max: number | undefined;
  nonNegative?: boolean;
  /** The highest value the field takes, when there is one. */
  limit?: number;
  onMin: (text: string) => void;
  onMax: (text: string) => void;
}

function RangeField({ label, id, min, max, nonNegative = false, limit, onMin, onMax }: RangeFieldProps) {
  const name = label.replace(/ \(.*\)$/, '').toLowerCase();
  return (
    <fieldset className="field range-field">
      <legend>{label}</legend>
      <div className="range-inputs">
        <DebouncedInput
          id={`${id}-min`}
          type="number"
          min={nonNegative ? 0 : undefined}
          max={limit}
          step="any"
          placeholder="Min"
          aria-label={`Minimum ${name}`}
          value={numberText(min)}
          onCommit={onMin}
        />
        <span aria-hidden="true">–</span>
        <DebouncedInput
          id={`${id}-max`}
          type="number"
          min={nonNegative ? 0 : undefined}
          max={limit}
          step="any"
          placeholder="Max"
          aria-label={`Maximum ${name}`}
          value={numberText(max)}
          onCommit={onMax}
        />
      </div>
    </fieldset>
  );
}
