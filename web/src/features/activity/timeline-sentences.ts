import type { IconName } from '../../components/icons';
import { formatMoney } from '../../lib/format';
import type { CallOutcome, TimelineItem } from './api';

/** The filter chips above the timeline and the kinds (or kind prefixes) each asks the server for. */
export const KIND_GROUPS = [
  { label: 'All', kinds: undefined },
  { label: 'Stage changes', kinds: 'deal.stage_changed,lead.status_changed' },
  { label: 'Tasks', kinds: 'task.' },
  { label: 'Notes', kinds: 'note.' },
  { label: 'Calls', kinds: 'call.' },
  { label: 'Files', kinds: 'attachment.' },
] as const;

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  no_answer: 'No answer',
  voicemail: 'Left a voicemail',
  wrong_number: 'Wrong number',
  not_interested: 'Not interested',
  interested: 'Interested',
  appointment_set: 'Appointment set',
  do_not_call: 'Do not call',
};

/** In the order the call form offers them: the labels' order. */
export const CALL_OUTCOMES = Object.keys(CALL_OUTCOME_LABELS) as CallOutcome[];

/** Names the timeline resolves ids to. */
export interface TimelineNames {
  stage: (id: string) => string;
  member: (id: string) => string;
}

const ICONS: Record<string, IconName> = {
  deal: 'kanban',
  task: 'check',
  note: 'message',
  call: 'phone',
  attachment: 'file',
  lead: 'target',
  property: 'building',
  parcels: 'upload',
  enrichment: 'layers',
};

export function iconOf(kind: string): IconName {
  return ICONS[kind.split('.')[0] ?? ''] ?? 'dots';
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const minutes = (seconds: unknown) => (typeof seconds === 'number' && seconds > 0 ? ` (${Math.max(1, Math.round(seconds / 60))} min)` : '');
const FIELD_LABELS: Record<string, string> = {
  assigneeId: 'assignee',
  askingPrice: 'asking price',
  contractPrice: 'contract price',
  expectedProfit: 'expected profit',
  closeDate: 'close date',
  dealType: 'deal type',
  lostReason: 'lost reason',
};
const fieldLabel = (field: string) => FIELD_LABELS[field] ?? field.replace(/([A-Z])/g, ' $1').toLowerCase();

/** What happened, as a sentence without the actor (who shows beside it). */
export function describeEvent(item: TimelineItem, names: TimelineNames): string {
  const data = item.data;
  switch (item.kind) {
    case 'deal.created':
      return 'Opened the deal';
    case 'deal.stage_changed':
      return data.fromStageId
        ? `Moved the deal from ${names.stage(text(data.fromStageId))} to ${names.stage(text(data.toStageId))}`
        : `Put the deal in ${names.stage(text(data.toStageId))}`;
    case 'deal.updated': {
      const fields = Array.isArray(data.fields) ? data.fields.map((field) => fieldLabel(String(field))) : [];
      return fields.length > 0 ? `Changed the ${fields.join(', ')}` : 'Edited the deal';
    }
    case 'deal.offer_made':
      return typeof data.amount === 'number' ? `Made an offer of ${formatMoney(data.amount)}` : 'Made an offer';
    case 'deal.offer_updated':
      return data.status ? `Marked an offer ${text(data.status)}` : 'Updated an offer';
    case 'deal.deleted':
      return 'Deleted the deal';
    case 'task.created':
      return `Added the task “${text(data.title)}”`;
    case 'task.completed':
      return `Completed “${text(data.title)}”`;
    case 'task.reopened':
      return `Reopened “${text(data.title)}”`;
    case 'task.deleted':
      return `Deleted the task “${text(data.title)}”`;
    case 'note.added':
      return 'Added a note';
    case 'call.logged': {
      const direction = data.direction === 'inbound' ? 'Took a call' : 'Called';
      const outcome = CALL_OUTCOME_LABELS[data.outcome as CallOutcome] ?? text(data.outcome);
      return `${direction}${data.phone ? ` ${text(data.phone)}` : ''}: ${outcome}${minutes(data.durationSeconds)}`;
    }
    case 'attachment.added':
      return `Attached ${text(data.fileName) || 'a file'}`;
    case 'attachment.removed':
      return `Removed ${text(data.fileName) || 'a file'}`;
    case 'lead.captured':
      return `Came in as a lead${data.source ? ` from ${text(data.source)}` : ''}`;
    case 'lead.status_changed':
      return `Set the lead from ${text(data.fromStatus)} to ${text(data.toStatus)}`;
    case 'lead.assigned':
      return data.assigneeId ? `Assigned the lead to ${names.member(text(data.assigneeId))}` : 'Unassigned the lead';
    case 'parcels.changed':
      return `Imported onto ${text(data.listName) || 'a list'}${data.fileName ? ` from ${text(data.fileName)}` : ''}`;
    case 'enrichment.completed':
      return 'Enriched with owner contact data';
    case 'property.created':
      return 'Added the property';
    case 'property.edited':
      return 'Edited the property';
    case 'property.deleted':
      return 'Deleted the property';
    case 'property.restored':
      return 'Restored the property from Deleted properties';
    default:
      return item.kind.replace('.', ' ').replace(/_/g, ' ');
  }
}
