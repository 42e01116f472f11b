import { formatDate, formatDateTime } from '../../../lib/format';

/** A source ("import:<id>") as a person knows it: the list it came in with, and the file. */
export interface SourceName {
  label: string;
  detail?: string;
}

export type DescribeSource = (source: string) => SourceName;

/** Where a value came from and when, in one small line; the full story on hover. */
export function ProvenanceHint({ source, at, describe }: { source: string; at: string | undefined; describe: DescribeSource }) {
  const name = describe(source);
  const title = [name.detail ?? name.label, at && `on ${formatDateTime(at)}`].filter(Boolean).join(' ');
  return (
    <span className="provenance" title={title}>
      {name.label}
      {at && ` · ${formatDate(at)}`}
    </span>
  );
}
