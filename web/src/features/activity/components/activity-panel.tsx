import type { ActivityRecord } from '../api';
import type { TimelineNames } from '../timeline-sentences';
import { ActivityComposer } from './activity-composer';
import { ActivityTimeline } from './activity-timeline';
import { AttachmentsList } from './attachments-list';
import type { MentionableMember } from './mention-textarea';

interface ActivityPanelProps {
  record: ActivityRecord;
  names: TimelineNames;
  members: MentionableMember[];
  canEdit: boolean;
  /** Prefills the call form; the deal's owner's number when there is one. */
  defaultPhone?: string;
}

/** Everything that happened on a record, with a place to log notes, calls and files. */
export function ActivityPanel({ record, names, members, canEdit, defaultPhone = '' }: ActivityPanelProps) {
  return (
    <section className="card activity-panel" aria-labelledby="activity-title">
      <div className="card-header">
        <h2 id="activity-title">Activity</h2>
      </div>
      <div className="stack activity-body">
        {canEdit && <ActivityComposer record={record} members={members} defaultPhone={defaultPhone} />}
        <AttachmentsList record={record} canEdit={canEdit} />
        <ActivityTimeline record={record} names={names} />
      </div>
    </section>
  );
}
