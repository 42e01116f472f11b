import type { Deal, DealContact, Offer } from './api';

type DealType = Deal['dealType'];
type Temperature = NonNullable<Deal['temperature']>;

/** Typed as records over the contract's unions, so a value the server adds fails the type check here. */
export const DEAL_TYPE_LABELS: Record<DealType, string> = {
  wholesale: 'Wholesale',
  flip: 'Flip',
  rental: 'Rental',
  wholetail: 'Wholetail',
  novation: 'Novation',
  subject_to: 'Subject-to',
};

export const TEMPERATURE_LABELS: Record<Temperature, string> = { hot: 'Hot', warm: 'Warm', cold: 'Cold' };

export const OFFER_STATUS_LABELS: Record<Offer['status'], string> = {
  draft: 'Draft',
  sent: 'Sent',
  countered: 'Countered',
  accepted: 'Accepted',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

export const CONTACT_ROLE_LABELS: Record<DealContact['role'], string> = {
  owner: 'Owner',
  heir: 'Heir',
  attorney: 'Attorney',
  agent: 'Agent',
  title: 'Title company',
  other: 'Other',
};

export const DEAL_TYPES = Object.keys(DEAL_TYPE_LABELS) as DealType[];
export const TEMPERATURES = Object.keys(TEMPERATURE_LABELS) as Temperature[];
export const OFFER_STATUSES = Object.keys(OFFER_STATUS_LABELS) as Offer['status'][];
/** Owners come with the property; people added by hand take the other roles. */
export const ADDABLE_CONTACT_ROLES = (Object.keys(CONTACT_ROLE_LABELS) as DealContact['role'][]).filter((role) => role !== 'owner');

export function isDealType(value: string | null): value is DealType {
  return value !== null && Object.hasOwn(DEAL_TYPE_LABELS, value);
}

export function isTemperature(value: string | null): value is Temperature {
  return value !== null && Object.hasOwn(TEMPERATURE_LABELS, value);
}
