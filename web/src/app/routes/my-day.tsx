import { useState } from 'react';
import { Icon } from '../../components/icons';
import { PageHeader } from '../../components/page-header';
import { ErrorState, LoadingState } from '../../components/page-states';
import { useToast } from '../../components/toast';
import { DealLink } from '../../features/deals/components/deal-link';
import { PropertyLink } from '../../features/properties/components/property-link';
import { useMyDay, type Task } from '../../features/tasks/api';
import { AddTaskDialog } from '../../features/tasks/components/add-task-dialog';
import { MyDayGroups } from '../../features/tasks/components/my-day-groups';
import { useCurrentMembership } from '../../lib/current-membership';
import { roleAtLeast } from '../../lib/roles';

/** What a task is about: its deal when it has one (the deal names its property), else its property. */
function recordLinkOf(task: Task) {
  if (task.dealId) return <DealLink dealId={task.dealId} />;
  if (task.propertyId) return <PropertyLink propertyId={task.propertyId} />;
  return null;
}

export function MyDayRoute() {
  const myDay = useMyDay();
  const membership = useCurrentMembership();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const canEdit = membership !== null && roleAtLeast(membership.role, 'member');
  const today = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' }).format(new Date());

  return (
    <div className="page page-narrow">
      <PageHeader
        title="My day"
        description={`${today}. Your open tasks: overdue first, then today and the week ahead.`}
        actions={
          canEdit && (
            <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
              <Icon name="plus" />
              Add task
            </button>
          )
        }
      />
      {myDay.isPending ? (
        <LoadingState label="Loading your day…" />
      ) : myDay.isError ? (
        <section className="card">
          <ErrorState error={myDay.error} onRetry={() => myDay.refetch()} />
        </section>
      ) : (
        <MyDayGroups myDay={myDay.data} canEdit={canEdit} renderLink={recordLinkOf} />
      )}
      {adding && (
        <AddTaskDialog
          onClose={() => setAdding(false)}
          onCreated={(task) => {
            setAdding(false);
            toast.show('success', `Task added: ${task.title}`);
          }}
        />
      )}
    </div>
  );
}
