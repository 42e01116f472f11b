import type { PropertyDetail } from '../api';
import { formatFieldValue, groupFields, isCodeField } from '../../../lib/field-specs';
import { ProvenanceHint, type DescribeSource } from './provenance-hint';

interface Provenance {
  source: string;
  at?: string;
}

function provenanceOf(property: PropertyDetail, field: string): Provenance | null {
  const entry = property.provenance[field] as Partial<Provenance> | undefined;
  return entry && typeof entry.source === 'string' ? { source: entry.source, at: entry.at } : null;
}

/** Every stored field, grouped, each with its unit and where its value came from. */
export function PropertyFields({ property, describeSource }: { property: PropertyDetail; describeSource: DescribeSource }) {
  return (
    <div className="field-groups">
      {groupFields(property.fields).map((group) => (
        <section key={group.title} className="field-group" aria-label={group.title}>
          <h3 className="field-group-title">{group.title}</h3>
          <dl className="field-grid">
            {group.fields.map(([name, spec]) => {
              const text = formatFieldValue(name, property.fields[name]);
              const provenance = text === null ? null : provenanceOf(property, name);
              return (
                <div key={name} className="field-item">
                  <dt>{spec.label}</dt>
                  <dd className={text === null ? 'field-empty' : isCodeField(name) ? 'mono' : undefined}>{text ?? '—'}</dd>
                  {provenance && (
                    <dd>
                      <ProvenanceHint source={provenance.source} at={provenance.at} describe={describeSource} />
                    </dd>
                  )}
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </div>
  );
}
