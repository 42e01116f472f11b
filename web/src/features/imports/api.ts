import type { Static } from '@sinclair/typebox';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ColumnMappingSchema,
  CreatedImport,
  FieldCatalog,
  ImportView as ImportViewSchema,
  LookAlike,
  LookAlikeDecision as LookAlikeDecisionBody,
  Preview,
} from '../../../../src/modules/imports/schema';
import { apiDownload, apiRequest } from '../../lib/api-client';
import { saveFile } from '../../lib/save-file';

export type ImportView = Static<typeof ImportViewSchema>;
export type ImportPreview = Static<typeof Preview>;
export type ColumnMapping = Static<typeof ColumnMappingSchema>;
export type ImportField = Static<typeof FieldCatalog>['items'][number];

const importsKey = ['imports'] as const;
const importKey = (id: string) => ['imports', id] as const;
const previewKey = (id: string) => ['imports', id, 'preview'] as const;
const lookAlikesKey = ['look-alikes'] as const;

/** Queued and running imports change every second; the rest never change again. */
export function isImportActive(view: Pick<ImportView, 'status'>): boolean {
  return view.status === 'queued' || view.status === 'running';
}

export function useImports() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: importsKey,
    queryFn: async () => {
      const before = queryClient.getQueryData<{ items: ImportView[] }>(importsKey);
      const list = await apiRequest<{ items: ImportView[] }>('/imports');
      // A run that finished meanwhile may have left look-alikes to review.
      const wasActive = new Set(before?.items.filter(isImportActive).map((view) => view.id));
      if (list.items.some((view) => wasActive.has(view.id) && !isImportActive(view))) {
        void queryClient.invalidateQueries({ queryKey: lookAlikesKey });
      }
      return list;
    },
    refetchInterval: (query) => (query.state.data?.items.some(isImportActive) ? 2000 : false),
  });
}

/** One import, polled every second while it runs. */
export function useImport(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: importKey(id),
    queryFn: async () => {
      const before = queryClient.getQueryData<ImportView>(importKey(id));
      const view = await apiRequest<ImportView>(`/imports/${id}`);
      // A finished run changed properties and list counts.
      if (before && isImportActive(before) && !isImportActive(view)) {
        void queryClient.invalidateQueries({ queryKey: ['properties'] });
        void queryClient.invalidateQueries({ queryKey: ['lists'] });
        void queryClient.invalidateQueries({ queryKey: importsKey, exact: true });
        void queryClient.invalidateQueries({ queryKey: lookAlikesKey });
      }
      return view;
    },
    refetchInterval: (query) => (query.state.data && isImportActive(query.state.data) ? 1000 : false),
  });
}

/** Several imports by id, for naming the sources of a property's fields. */
export function useImportsById(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: importKey(id),
      queryFn: () => apiRequest<ImportView>(`/imports/${id}`),
      staleTime: 5 * 60_000,
      // An import that is gone (or another tenant's) just stays unnamed.
      retry: false,
    })),
    combine: (results) => new Map(results.flatMap((result) => (result.data ? [[result.data.id, result.data] as const] : []))),
  });
}

export function useImportPreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: previewKey(id),
    queryFn: () => apiRequest<ImportPreview>(`/imports/${id}/preview`),
    enabled,
    staleTime: Infinity,
  });
}

export function useImportFields() {
  return useQuery({
    queryKey: ['import-fields'],
    queryFn: () => apiRequest<Static<typeof FieldCatalog>>('/import-fields'),
    staleTime: Infinity,
  });
}

export interface NewImport {
  file: File;
  listName: string;
  /** Comma-separated distress tags, e.g. "tax_delinquent,probate". */
  tags: string;
  sheet: string;
  onUploadProgress: (fraction: number) => void;
}

export function useCreateImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, listName, tags, sheet, onUploadProgress }: NewImport) => {
      const form = new FormData();
      // Fields before the file: the server reads the parts in order.
      form.append('list', listName.trim());
      form.append('tags', tags);
      if (sheet.trim()) form.append('sheet', sheet.trim());
      form.append('file', file, file.name);
      return apiRequest<Static<typeof CreatedImport>>('/imports', { method: 'POST', body: form, onUploadProgress });
    },
    onSuccess: (created) => {
      // The upload answered with the preview: the mapping step needs no second request.
      queryClient.setQueryData(importKey(created.import.id), created.import);
      queryClient.setQueryData(previewKey(created.import.id), created.preview);
      void queryClient.invalidateQueries({ queryKey: importsKey, exact: true });
      void queryClient.invalidateQueries({ queryKey: ['lists'] });
    },
    meta: { errorShownInline: true },
  });
}

export function useConfirmMapping(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mapping: ColumnMapping) => apiRequest<ImportView>(`/imports/${id}/mapping`, { method: 'PUT', body: mapping }),
    onSuccess: (view) => {
      queryClient.setQueryData(importKey(id), view);
      void queryClient.invalidateQueries({ queryKey: importsKey, exact: true });
    },
    meta: { errorShownInline: true },
  });
}

export function useDownloadRejects() {
  return useMutation({
    mutationFn: async (view: ImportView) => {
      const { blob, fileName } = await apiDownload(`/imports/${view.id}/rejects.csv`);
      saveFile(blob, fileName ?? 'rejects.csv');
    },
  });
}

/** The imported rows that had values left out, with the reasons. */
export function useDownloadWarnings() {
  return useMutation({
    mutationFn: async (view: ImportView) => {
      const { blob, fileName } = await apiDownload(`/imports/${view.id}/warnings.csv`);
      saveFile(blob, fileName ?? 'warnings.csv');
    },
  });
}

/** One side of a look-alike pair. Mirrors `Side` in src/modules/imports/routes.ts (the route schemas are not exported). */
export type LookAlikeDecision = LookAlikeDecisionBody['decision'];
export type { LookAlike };
export type LookAlikeSide = LookAlike['incoming'];

/** Pairs waiting for a decision, most similar first. */
export function usePendingLookAlikes() {
  return useQuery({
    queryKey: [...lookAlikesKey, 'pending'],
    queryFn: () => apiRequest<{ items: LookAlike[] }>('/look-alikes', { query: { status: 'pending' } }),
  });
}

export function useDecideLookAlike() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: LookAlikeDecision }) =>
      apiRequest<{ decision: string; propertyId: string }>(`/look-alikes/${id}`, { method: 'POST', body: { decision } }),
    onSuccess: (_answer, { id, decision }) => {
      // The pair leaves the queue at once; the refetch confirms it.
      queryClient.setQueryData<{ items: LookAlike[] }>([...lookAlikesKey, 'pending'], (current) =>
        current ? { items: current.items.filter((pair) => pair.id !== id) } : current,
      );
      void queryClient.invalidateQueries({ queryKey: lookAlikesKey });
      // A merge deletes a property and moves its lists and owners onto the other.
      if (decision === 'merge') {
        void queryClient.invalidateQueries({ queryKey: ['properties'] });
        void queryClient.invalidateQueries({ queryKey: ['lists'] });
      }
    },
  });
}
