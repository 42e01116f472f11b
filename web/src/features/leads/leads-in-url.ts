import type { LeadFilters } from './api';
import { isLeadStatus } from './lead-labels';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The assignee filter's value for leads nobody has. */
export const UNASSIGNED = 'unassigned';

/** The inbox's filters as the address holds them: status, assignee (a member id or "unassigned") and source. */
export function leadFiltersFromSearchParams(params: URLSearchParams): LeadFilters {
  const filters: LeadFilters = {};
  const status = params.get('status');
  if (isLeadStatus(status)) filters.status = status;
  const assignee = params.get('assignee');
  if (assignee === UNASSIGNED) filters.unassigned = true;
  else if (assignee && UUID.test(assignee)) filters.assigneeId = assignee;
  const source = params.get('source')?.trim();
  if (source) filters.source = source.slice(0, 60);
  return filters;
}

export function searchParamsFromLeadFilters(filters: LeadFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.unassigned) params.set('assignee', UNASSIGNED);
  else if (filters.assigneeId) params.set('assignee', filters.assigneeId);
  if (filters.source) params.set('source', filters.source);
  return params;
}

/** The lead the inbox was opened on (from search or a notification, whose links the server writes as ?lead=). */
export function focusedLeadId(params: URLSearchParams): string | null {
  const id = params.get('lead');
  return id && UUID.test(id) ? id : null;
}
