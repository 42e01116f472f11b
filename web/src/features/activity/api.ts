import type { Static } from '@sinclair/typebox';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attachment, Call, CreateCallBody, CreateNoteBody, Note, TimelineItem } from '../../../../src/modules/activity/schema';
import { activityKey, refetchRecordActivity, type ActivityRecordType } from '../../lib/activity-keys';
import { apiDownload, apiRequest } from '../../lib/api-client';
import { saveFile } from '../../lib/save-file';

export type { Attachment, Call, Note, TimelineItem };
export type CallOutcome = Call['outcome'];
export type NewCall = Omit<CreateCallBody, 'dealId' | 'leadId' | 'propertyId' | 'ownerId'>;
type NewNote = Pick<Static<typeof CreateNoteBody>, 'body'>;

/** The record a timeline, note, call or file belongs to. */
export interface ActivityRecord {
  type: ActivityRecordType;
  id: string;
}

const TIMELINE_PAGE_SIZE = 20;

const recordKey = (record: ActivityRecord) => activityKey(record.type, record.id);
const recordQuery = (record: ActivityRecord) => ({ [`${record.type}Id`]: record.id });

/** The record's events, newest first, a page at a time; `kinds` narrows to kinds or prefixes ("task."). */
export function useTimeline(record: ActivityRecord, kinds: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...recordKey(record), 'timeline', kinds ?? 'all'],
    queryFn: ({ pageParam }) =>
      apiRequest<{ items: TimelineItem[]; nextCursor: string | null }>('/timeline', {
        query: { ...recordQuery(record), kind: kinds, cursor: pageParam, limit: TIMELINE_PAGE_SIZE },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useAttachments(record: ActivityRecord) {
  return useQuery({
    queryKey: [...recordKey(record), 'attachments'],
    queryFn: () => apiRequest<{ items: Attachment[] }>('/attachments', { query: recordQuery(record) }),
  });
}

function useRefetchRecord(record: ActivityRecord) {
  const queryClient = useQueryClient();
  return () => refetchRecordActivity(queryClient, record.type, record.id);
}

export function useAddNote(record: ActivityRecord) {
  const refetch = useRefetchRecord(record);
  return useMutation({
    mutationFn: (note: NewNote) =>
      apiRequest<Note>('/notes', { method: 'POST', body: { ...note, ...recordQuery(record) }, idempotent: true }),
    meta: { errorShownInline: true },
    onSuccess: refetch,
  });
}

export function useLogCall(record: ActivityRecord) {
  const refetch = useRefetchRecord(record);
  return useMutation({
    mutationFn: (call: NewCall) =>
      apiRequest<Call>('/calls', { method: 'POST', body: { ...call, ...recordQuery(record) }, idempotent: true }),
    meta: { errorShownInline: true },
    onSuccess: refetch,
  });
}

/** Uploads one file; the record's id goes first, as the server reads it before the file streams in. */
export function useAttachFile(record: ActivityRecord, onProgress: (fraction: number) => void) {
  const refetch = useRefetchRecord(record);
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append(`${record.type}Id`, record.id);
      form.append('file', file);
      return apiRequest<Attachment>('/attachments', { method: 'POST', body: form, onUploadProgress: onProgress });
    },
    meta: { errorShownInline: true },
    onSuccess: refetch,
  });
}

export function useRemoveAttachment(record: ActivityRecord) {
  const refetch = useRefetchRecord(record);
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>(`/attachments/${id}`, { method: 'DELETE' }),
    onSuccess: refetch,
  });
}

export function useDownloadAttachment() {
  return useMutation({
    mutationFn: async (attachment: Attachment) => {
      const { blob } = await apiDownload(`/attachments/${attachment.id}/content`);
      saveFile(blob, attachment.fileName);
    },
  });
}
