import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { refreshSession } from '../../lib/api-client';
import { currentAccessToken } from '../../lib/session-store';
import { invalidateForEvent, type LiveEvent } from './live-invalidation';

const STREAM_URL = '/api/v1/stream';
const FIRST_RETRY_MS = 1000;
const LONGEST_RETRY_MS = 30_000;

/** The event kinds the app reacts to; EventSource only delivers named events to listeners of that name. */
const LIVE_KINDS = [
  'deal.created',
  'deal.updated',
  'deal.stage_changed',
  'deal.offer_made',
  'deal.offer_updated',
  'deal.contact_added',
  'deal.contact_removed',
  'deal.deleted',
  'task.created',
  'task.updated',
  'task.completed',
  'task.reopened',
  'task.due',
  'task.deleted',
  'note.added',
  'call.logged',
  'attachment.added',
  'attachment.removed',
  'lead.captured',
  'lead.updated',
  'lead.status_changed',
  'lead.assigned',
  'lead.deleted',
  'saved_view.created',
  'saved_view.updated',
  'saved_view.deleted',
];

/**
 * Keeps one event stream open while signed in and refetches what each event
 * changes. The browser reconnects by itself after a dropped connection; a refused
 * one (an expired access token) closes the stream, so it is reopened here with a
 * fresh token, resuming after the last event seen, and waiting longer after each
 * failure so a server in trouble is not hammered.
 */
export function useLiveEvents(tenantId: string): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    let source: EventSource | null = null;
    let retryTimer: number | undefined;
    let retryDelay = FIRST_RETRY_MS;
    let lastEventId: string | null = null;
    let stopped = false;

    const onEvent = (message: MessageEvent<string>) => {
      if (message.lastEventId) lastEventId = message.lastEventId;
      try {
        invalidateForEvent(queryClient, JSON.parse(message.data) as LiveEvent);
      } catch {
        // A malformed event changes nothing on screen.
      }
    };

    const open = () => {
      const token = currentAccessToken();
      if (!token || stopped) return;
      const params = new URLSearchParams({ access_token: token });
      if (lastEventId) params.set('lastEventId', lastEventId);
      source = new EventSource(`${STREAM_URL}?${params.toString()}`);
      for (const kind of LIVE_KINDS) source.addEventListener(kind, onEvent);
      source.onopen = () => {
        retryDelay = FIRST_RETRY_MS;
      };
      source.onerror = () => {
        // CONNECTING means the browser is already retrying on its own.
        if (source?.readyState !== EventSource.CLOSED) return;
        source = null;
        retryTimer = window.setTimeout(() => void reopen(token), retryDelay);
        retryDelay = Math.min(retryDelay * 2, LONGEST_RETRY_MS);
      };
    };

    const reopen = async (refusedToken: string) => {
      // Another request may have refreshed the session meanwhile.
      if (currentAccessToken() === refusedToken) await refreshSession().catch(() => undefined);
      open();
    };

    open();
    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      source?.close();
    };
  }, [queryClient, tenantId]);
}
