import { useState } from 'react';
import { Icon } from '../../../components/icons';
import { EmptyState, ErrorState, LoadingState } from '../../../components/page-states';
import { useToast } from '../../../components/toast';
import { useDealTasks } from '../api';
import { AddTaskDialog } from './add-task-dialog';
import { TaskList } from './task-list';

/** A deal's tasks: the open ones by due time, and the last ones done. */
export function DealTasks({ dealId, canEdit }: { dealId: string; canEdit: boolean }) {
  const open = useDealTasks(dealId, 'open');
  const done = useDealTasks(dealId, 'done');
  const toast = useToast();
  const [adding, setAdding] = useState(false);

  let body;
  if (open.isPending) body = <LoadingState label="Loading tasks…" />;
  else if (open.isError) body = <ErrorState error={open.error} onRetry={() => open.refetch()} />;
  else if (open.data.items.length === 0) {
    body = (
      <EmptyState title="No next step">
        Every open deal should carry one dated next step: a call, a visit, a follow-up. It shows on your My day page.
      </EmptyState>
    );
  } else body = <TaskList tasks={open.data.items} label="Open tasks" due="date" canEdit={canEdit} />;

  const doneTasks = done.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="deal-tasks-title">
      <div className="card-header card-header-actions">
        <div>
          <h2 id="deal-tasks-title">Tasks</h2>
          <p>Due times are shown in your time zone.</p>
        </div>
        {canEdit && (
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setAdding(true)}>
            <Icon name="plus" />
            Add task
          </button>
        )}
      </div>
      {body}
      {doneTasks.length > 0 && (
        <details className="task-done-group">
          <summary>Done ({done.data?.nextCursor ? `latest ${doneTasks.length}` : doneTasks.length})</summary>
          <TaskList tasks={doneTasks} label="Done tasks" due="date" canEdit={canEdit} />
        </details>
      )}
      {adding && (
        <AddTaskDialog
          dealId={dealId}
          onClose={() => setAdding(false)}
          onCreated={(task) => {
            setAdding(false);
            toast.show('success', `Task added: ${task.title}`);
          }}
        />
      )}
    </section>
  );
}
