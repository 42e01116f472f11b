import { formatDateTime } from '../../../lib/format';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const LONG_VALUE = 60;
const ACRONYMS: Record<string, string> = { id: 'ID', ip: 'IP', url: 'URL' };

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? formatDateTime(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function fieldLabel(field: string): string {
  const words = field
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_]+/)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase());
  const label = words.join(' ');
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** Long values (user agents, ids) are cut short; the whole value is in the tooltip. */
function Value({ value, as: Tag }: { value: unknown; as: 'ins' | 'del' }) {
  const text = formatValue(value);
  const short = text.length > LONG_VALUE ? `${text.slice(0, LONG_VALUE - 1)}…` : text;
  return (
    <Tag className={Tag === 'ins' ? 'change-after' : 'change-before'} title={short === text ? undefined : text}>
      {short}
    </Tag>
  );
}

/** An audit diff (`{field: [before, after]}`) as "Field: old → new" lines. */
export function ChangeList({ diff }: { diff: Record<string, unknown> }) {
  const changes = Object.entries(diff).filter(
    (entry): entry is [string, [unknown, unknown]] => Array.isArray(entry[1]) && entry[1].length === 2,
  );
  if (changes.length === 0) return <span className="cell-muted">No field changes</span>;
  return (
    <ul className="change-list">
      {changes.map(([field, [before, after]]) => (
        <li key={field}>
          <span className="change-field">{fieldLabel(field)}</span>
          <span className="change-values">
            {before === null ? (
              <Value value={after} as="ins" />
            ) : after === null ? (
              <Value value={before} as="del" />
            ) : (
              <>
                <Value value={before} as="del" />
                <span className="change-arrow" aria-hidden="true">
                  →
                </span>
                <span className="visually-hidden">changed to</span>
                <Value value={after} as="ins" />
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
