import type { ReactNode } from 'react';
import { Icon } from '../../../components/icons';
import { formatDateTime, formatShortDateTime, formatTime } from '../../../lib/format';
import { useSetTaskDone, type Task } from '../api';
import { TASK_TYPES } from '../task-labels';

interface TaskListProps {
  tasks: Task[];
  label: string;
  /** "time" where every task is due the same day (Today); "date" elsewhere. */
  due: 'time' | 'date';
  canEdit: boolean;
  /** What the task is about (its deal or property), drawn by the page that knows those records. */
  renderLink?: (task: Task) => ReactNode;
}

/** Tasks with a checkbox each: ticking one marks it done at once, and the server's refusal unticks it. */
export function TaskList({ tasks, label, due, canEdit, renderLink }: TaskListProps) {
  const setDone = useSetTaskDone();
  return (
    <ul className="task-list" aria-label={label}>
      {tasks.map((task) => {
        const type = TASK_TYPES[task.type];
        return (
          <li
            key={task.id}
            className={`task-row${task.done ? ' task-row-done' : ''}${task.overdue && !task.done ? ' task-row-overdue' : ''}`}
            data-testid="task-row"
          >
            <input
              type="checkbox"
              className="task-check"
              checked={task.done}
              disabled={!canEdit}
              aria-label={task.done ? `Open “${task.title}” again` : `Mark “${task.title}” done`}
              onChange={(event) => setDone.mutate({ task, done: event.target.checked })}
            />
            <span className="task-type" title={type.label}>
              <Icon name={type.icon} className="icon icon-sm" />
              <span className="visually-hidden">{type.label}:</span>
            </span>
            <div className="task-main">
              <span className="task-title">{task.title}</span>
              {renderLink && <span className="task-link">{renderLink(task)}</span>}
            </div>
            <div className="task-facts">
              {task.priority === 'high' && <span className="badge badge-warning">High</span>}
              {task.repeatDays !== null && (
                <span
                  className="task-repeat"
                  title={`Comes back ${task.repeatDays} ${task.repeatDays === 1 ? 'day' : 'days'} after it is done`}
                >
                  <Icon name="repeat" className="icon icon-sm" />
                  {task.repeatDays} d
                </span>
              )}
              <time className="task-due" dateTime={task.dueAt} title={formatDateTime(task.dueAt)}>
                {due === 'time' ? formatTime(task.dueAt) : formatShortDateTime(task.dueAt)}
              </time>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
