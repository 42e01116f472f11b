import { useLiveEvents } from './use-live-events';

/** Mounted once in the signed-in frame; keyed by tenant so a workspace switch opens that workspace's stream. */
export function LiveUpdates({ tenantId }: { tenantId: string }) {
  useLiveEvents(tenantId);
  return null;
}
