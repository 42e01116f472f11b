import { useState, type FormEvent } from 'react';
import { useAddNote, type ActivityRecord } from '../api';
import { MentionTextarea, type MentionableMember } from './mention-textarea';

export function NoteComposer({ record, members }: { record: ActivityRecord; members: MentionableMember[] }) {
  const addNote = useAddNote(record);
  const [body, setBody] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return;
    addNote.mutate({ body: body.trim() }, { onSuccess: () => setBody('') });
  }

  return (
    <form className="stack composer-form" onSubmit={submit} aria-label="Add a note">
      <MentionTextarea
        id="note-body"
        label="Your note"
        value={body}
        onChange={setBody}
        members={members}
        placeholder="What happened? Type @ to mention a teammate."
      />
      {addNote.error && (
        <p className="alert alert-error" role="alert">
          {addNote.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary btn-sm" disabled={!body.trim() || addNote.isPending}>
          {addNote.isPending ? 'Saving…' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
