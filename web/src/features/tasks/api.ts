import type { Static } from '@sinclair/typebox';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CreateTaskBody, MyDay as MyDaySchema, Task } from '../../../../src/modules/tasks/schema';
import { apiRequest } from '../../lib/api-client';

export type { Task };
export type MyDay = Static<typeof MyDaySchema>;
export type NewTask = CreateTaskBody;
interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

const tasksKey = ['tasks'] as const;
/** A task's due time is its deal's next step, which deal cards and pages show: they refetch with the tasks. */
const dealsKey = ['deals'] as const;

/** The time zone "today" means for this person: the browser's. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Overdue, today and the next seven days; refetched each minute, as tasks fall due while the page stays open. */
export function useMyDay() {
  const timeZone = browserTimeZone();
  return useQuery({
    queryKey: ['tasks', 'my-day', timeZone],
    queryFn: () => apiRequest<MyDay>('/tasks/my-day', { query: { timeZone } }),
    refetchInterval: 60_000,
  });
}

/** A deal's open tasks by due time, or its done ones, latest first. */
export function useDealTasks(dealId: string, status: 'open' | 'done') {
  return useQuery({
    queryKey: ['tasks', 'deal', dealId, status],
    queryFn: () => apiRequest<TaskPage>('/tasks', { query: { dealId, status, limit: status === 'open' ? 100 : 20 } }),
  });
}

function refetchTasksAndDeals(queryClient: QueryClient) {
  return Promise.all([queryClient.invalidateQueries({ queryKey: tasksKey }), queryClient.invalidateQueries({ queryKey: dealsKey })]);
}

export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewTask) => apiRequest<Task>('/tasks', { method: 'POST', body, idempotent: true }),
    meta: { errorShownInline: true },
    onSuccess: () => refetchTasksAndDeals(queryClient),
  });
}

type CachedTasks = MyDay | TaskPage;

function withDone(data: CachedTasks, taskId: string, done: boolean): CachedTasks {
  const mark = (tasks: Task[]) => tasks.map((task) => (task.id === taskId ? { ...task, done } : task));
  if ('items' in data) return { ...data, items: mark(data.items) };
  return { ...data, overdue: mark(data.overdue), today: mark(data.today), upcoming: mark(data.upcoming) };
}

/** Ticks a task done (or open again) at once everywhere it shows; a refusal unticks it. */
export function useSetTaskDone() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ task, done }: { task: Task; done: boolean }) =>
      apiRequest<Task>(`/tasks/${task.id}`, { method: 'PATCH', body: { done } }),
    onMutate: async ({ task, done }) => {
      await queryClient.cancelQueries({ queryKey: tasksKey });
      const before = queryClient.getQueriesData<CachedTasks>({ queryKey: tasksKey });
      queryClient.setQueriesData<CachedTasks>({ queryKey: tasksKey }, (data) => data && withDone(data, task.id, done));
      return { before };
    },
    onError: (_error, _variables, context) => {
      for (const [key, data] of context?.before ?? []) queryClient.setQueryData(key, data);
    },
    onSettled: () => refetchTasksAndDeals(queryClient),
  });
}
