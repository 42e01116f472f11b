import type { IconName } from '../../components/icons';
import type { Task } from './api';

type TaskType = Task['type'];

/** Typed over the contract's unions, so a type the server adds fails the type check here. */
export const TASK_TYPES: Record<TaskType, { label: string; icon: IconName }> = {
  call: { label: 'Call', icon: 'phone' },
  text: { label: 'Text', icon: 'message' },
  email: { label: 'Email', icon: 'mail' },
  visit: { label: 'Visit', icon: 'pin' },
  meeting: { label: 'Meeting', icon: 'users' },
  follow_up: { label: 'Follow up', icon: 'repeat' },
  other: { label: 'Other', icon: 'dots' },
};

export const PRIORITY_LABELS: Record<Task['priority'], string> = { low: 'Low', normal: 'Normal', high: 'High' };

export const TASK_TYPE_OPTIONS = Object.keys(TASK_TYPES) as TaskType[];
export const PRIORITY_OPTIONS = Object.keys(PRIORITY_LABELS) as Task['priority'][];
