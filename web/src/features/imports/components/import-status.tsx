import type { ImportView } from '../api';

const STATUS = {
  awaiting_mapping: { label: 'Needs mapping', tone: 'warning' },
  queued: { label: 'Queued', tone: 'neutral' },
  running: { label: 'Running', tone: 'info' },
  completed: { label: 'Completed', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
} as const satisfies Record<ImportView['status'], { label: string; tone: string }>;

export function ImportStatusBadge({ status }: { status: ImportView['status'] }) {
  const { label, tone } = STATUS[status];
  return (
    <span className={`badge badge-${tone}`}>
      <span className={`badge-dot${status === 'running' ? ' badge-dot-pulse' : ''}`} aria-hidden="true" />
      {label}
    </span>
  );
}

/** The progress bar's share: rows done of rows total, full once completed. */
export function importPercent(view: ImportView): number | null {
  if (view.status === 'completed') return 100;
  if (view.status === 'awaiting_mapping' || view.status === 'queued') return 0;
  return view.percent;
}

/** Names of the layouts the server recognises (src/modules/imports/layouts.ts). */
const LAYOUT_LABELS: Record<string, string> = {
  propstream: 'PropStream export',
  batchleads: 'BatchLeads export',
  dealmachine: 'DealMachine export',
  county: 'County list',
  generic: 'Generic list',
};

export function layoutLabel(layout: string): string {
  return LAYOUT_LABELS[layout] ?? layout;
}
