import { useId, useState } from 'react';
import type { ActivityRecord } from '../api';
import { CallComposer } from './call-composer';
import { FileComposer } from './file-composer';
import type { MentionableMember } from './mention-textarea';
import { NoteComposer } from './note-composer';

const TABS = ['Note', 'Call', 'File'] as const;
type Tab = (typeof TABS)[number];

interface ActivityComposerProps {
  record: ActivityRecord;
  members: MentionableMember[];
  defaultPhone: string;
}

/** Log something on the record: a note, a call or a file, one tab each. */
export function ActivityComposer({ record, members, defaultPhone }: ActivityComposerProps) {
  const [tab, setTab] = useState<Tab>('Note');
  const baseId = useId();

  return (
    <div className="composer">
      <div className="segmented" role="tablist" aria-label="Log">
        {TABS.map((candidate) => (
          <button
            key={candidate}
            type="button"
            role="tab"
            id={`${baseId}-${candidate}`}
            aria-selected={candidate === tab}
            aria-controls={`${baseId}-panel`}
            className={candidate === tab ? 'segmented-active' : undefined}
            onClick={() => setTab(candidate)}
          >
            {candidate}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${tab}`}>
        {tab === 'Note' && <NoteComposer record={record} members={members} />}
        {tab === 'Call' && <CallComposer record={record} defaultPhone={defaultPhone} />}
        {tab === 'File' && <FileComposer record={record} />}
      </div>
    </div>
  );
}
