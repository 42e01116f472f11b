import { useState } from 'react';
import { FormModal } from '../../../components/form-modal';
import { browserTimeZone, useCreateTask, type Task } from '../api';
import { PRIORITY_LABELS, PRIORITY_OPTIONS, TASK_TYPE_OPTIONS, TASK_TYPES } from '../task-labels';

const pad = (value: number) => String(value).padStart(2, '0');
const localDay = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** The next full hour, today (or tomorrow after 11 pm): a sensible default for a follow-up. */
function nextFullHour(): { day: string; time: string } {
  const next = new Date();
  next.setHours(next.getHours() + 1, 0, 0, 0);
  return { day: localDay(next), time: `${pad(next.getHours())}:00` };
}

interface AddTaskDialogProps {
  /** The deal the task is for; none for a task of one's own. */
  dealId?: string;
  onClose: () => void;
  onCreated: (task: Task) => void;
}

/** A dated task: the date and time are read in the browser's time zone, which the server keeps for repeats. */
export function AddTaskDialog({ dealId, onClose, onCreated }: AddTaskDialogProps) {
  const createTask = useCreateTask();
  const [initialDue] = useState(nextFullHour);
  const [title, setTitle] = useState('');
  const [type, setType] = useState<Task['type']>('call');
  const [day, setDay] = useState(initialDue.day);
  const [time, setTime] = useState(initialDue.time);
  const [priority, setPriority] = useState<Task['priority']>('normal');
  const [repeatDays, setRepeatDays] = useState('');
  const due = new Date(`${day}T${time || '09:00'}`);
  const repeat = repeatDays.trim() === '' ? null : Number(repeatDays);
  const repeatValid = repeat === null || (Number.isInteger(repeat) && repeat >= 1 && repeat <= 3650);

  return (
    <FormModal
      title="Add task"
      description={dealId ? 'A dated next step on this deal, assigned to you.' : 'A dated task of your own.'}
      onClose={onClose}
      onSubmit={() =>
        createTask.mutate(
          { title: title.trim(), type, priority, dueAt: due.toISOString(), timeZone: browserTimeZone(), repeatDays: repeat, dealId },
          { onSuccess: onCreated },
        )
      }
      submitLabel="Add task"
      pendingLabel="Adding…"
      pending={createTask.isPending}
      canSubmit={title.trim() !== '' && !Number.isNaN(due.getTime()) && repeatValid}
      error={createTask.error}
    >
      <div className="field">
        <label htmlFor="task-title">What to do</label>
        <input
          id="task-title"
          autoFocus
          required
          maxLength={300}
          placeholder="Call the owner back about the roof"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
        />
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="task-type">Type</label>
          <select id="task-type" value={type} onChange={(event) => setType(event.target.value as Task['type'])}>
            {TASK_TYPE_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {TASK_TYPES[option].label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="task-priority">Priority</label>
          <select id="task-priority" value={priority} onChange={(event) => setPriority(event.target.value as Task['priority'])}>
            {PRIORITY_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {PRIORITY_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="task-day">Due date</label>
          <input id="task-day" type="date" required value={day} onChange={(event) => setDay(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="task-time">Time</label>
          <input id="task-time" type="time" required value={time} onChange={(event) => setTime(event.target.value)} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="task-repeat">Repeat every (days)</label>
        <input
          id="task-repeat"
          type="number"
          min={1}
          max={3650}
          step={1}
          inputMode="numeric"
          placeholder="Does not repeat"
          value={repeatDays}
          aria-invalid={!repeatValid}
          onChange={(event) => setRepeatDays(event.target.value)}
        />
        <p className="field-hint">
          Once done, it comes back this many days later at the same time. Times are in {browserTimeZone().replace(/_/g, ' ')}.
        </p>
      </div>
    </FormModal>
  );
}
