import { formatDuration } from '../../lib/format';
import type { Lead, LeadStatus } from './api';

export const LEAD_STATUS_LABELS: Record<LeadStatus, string> = {
  new: 'New',
  attempting: 'Attempting',
  contacted: 'Contacted',
  qualified: 'Qualified',
  converted: 'Converted',
  dead: 'Dead',
};

/** In pipeline order: the labels' order. */
export const LEAD_STATUSES = Object.keys(LEAD_STATUS_LABELS) as LeadStatus[];

export const LEAD_STATUS_TONES: Record<LeadStatus, 'info' | 'warning' | 'success' | 'neutral' | 'danger'> = {
  new: 'info',
  attempting: 'warning',
  contacted: 'success',
  qualified: 'success',
  converted: 'neutral',
  dead: 'danger',
};

export const isLeadStatus = (value: string | null): value is LeadStatus =>
  value !== null && (LEAD_STATUSES as readonly string[]).includes(value);

const secondsBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** How fast someone reached for the lead: first attempt, then first contact; null when nobody has yet. */
export function speedToLead(lead: Lead): { attempt: string | null; contact: string | null } {
  return {
    attempt: lead.firstAttemptAt ? formatDuration(secondsBetween(lead.createdAt, lead.firstAttemptAt)) : null,
    contact: lead.firstContactAt ? formatDuration(secondsBetween(lead.createdAt, lead.firstContactAt)) : null,
  };
}
