import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { SearchResult } from '../../../../src/modules/search/schema';
import { apiRequest } from '../../lib/api-client';

export type { SearchResult };

const TYPING_PAUSE_MS = 200;
const RESULTS_PER_TYPE = 5;

/** Follows `value` once it has stopped changing for `delayMs`. */
function useSettledValue(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** Properties, owners, leads, deals and contacts matching what is typed, asked for once typing pauses. */
export function useSearch(text: string) {
  const q = useSettledValue(text.trim(), TYPING_PAUSE_MS);
  return useQuery({
    queryKey: ['search', q],
    enabled: q !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    queryFn: () => apiRequest<{ items: SearchResult[] }>('/search', { query: { q, limit: RESULTS_PER_TYPE } }),
  });
}

/** Where a result opens: an owner opens their property, a contact the deal they are on, a lead the inbox focused on it. */
export function pathOf(result: SearchResult): string | null {
  switch (result.type) {
    case 'property':
      return `/properties/${result.id}`;
    case 'owner':
      return result.propertyId ? `/properties/${result.propertyId}` : null;
    case 'lead':
      return `/leads?lead=${result.id}`;
    case 'deal':
      return `/deals/${result.id}`;
    case 'contact':
      return result.dealId ? `/deals/${result.dealId}` : null;
  }
}
