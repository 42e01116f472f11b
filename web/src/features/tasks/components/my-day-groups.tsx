import type { ReactNode } from 'react';
import type { MyDay, Task } from '../api';
import { TaskList } from './task-list';

interface GroupProps {
  id: string;
  title: string;
  hint: string;
  tasks: Task[];
  due: 'time' | 'date';
  tone?: 'danger';
  empty: string;
  canEdit: boolean;
  renderLink: (task: Task) => ReactNode;
}

function TaskGroup({ id, title, hint, tasks, due, tone, empty, canEdit, renderLink }: GroupProps) {
  return (
    <section className={`card task-group${tone ? ` task-group-${tone}` : ''}`} aria-labelledby={id}>
      <div className="card-header">
        <h2 id={id}>
          {title} <span className="count-badge">{tasks.length}</span>
        </h2>
        <p>{hint}</p>
      </div>
      {tasks.length === 0 ? (
        <p className="task-group-empty">{empty}</p>
      ) : (
        <TaskList tasks={tasks} label={title} due={due} canEdit={canEdit} renderLink={renderLink} />
      )}
    </section>
  );
}

/** The day's work in three groups, as the server counts days in the browser's time zone. */
export function MyDayGroups({ myDay, canEdit, renderLink }: { myDay: MyDay; canEdit: boolean; renderLink: (task: Task) => ReactNode }) {
  return (
    <>
      {myDay.overdue.length > 0 && (
        <TaskGroup
          id="my-day-overdue"
          title="Overdue"
          hint="Past their due time and still open."
          tasks={myDay.overdue}
          due="date"
          tone="danger"
          empty=""
          canEdit={canEdit}
          renderLink={renderLink}
        />
      )}
      <TaskGroup
        id="my-day-today"
        title="Today"
        hint="Due later today."
        tasks={myDay.today}
        due="time"
        empty="Nothing else due today."
        canEdit={canEdit}
        renderLink={renderLink}
      />
      <TaskGroup
        id="my-day-upcoming"
        title="Upcoming"
        hint="Due in the next seven days."
        tasks={myDay.upcoming}
        due="date"
        empty="Nothing due in the next seven days."
        canEdit={canEdit}
        renderLink={renderLink}
      />
    </>
  );
}
