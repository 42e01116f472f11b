import { useState } from 'react';
import { FormModal } from '../../../components/form-modal';
import { useToast } from '../../../components/toast';
import { useCreateSavedView, useUpdateSavedView, type SavedView, type SavedViewScreen } from '../api';
import type { SavedViewConfig } from '../saved-view-config';

const SCOPE_LABELS: Record<SavedView['scope'], string> = {
  personal: 'Only me',
  shared: 'Everyone on the team',
};

interface SaveViewDialogProps {
  screen: SavedViewScreen;
  config: SavedViewConfig;
  onSaved: (view: SavedView) => void;
  onClose: () => void;
}

/** Saves what the screen shows now as a new view, for the caller alone or for the team. */
export function SaveViewDialog({ screen, config, onSaved, onClose }: SaveViewDialogProps) {
  const createView = useCreateSavedView();
  const toast = useToast();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<SavedView['scope']>('personal');
  return (
    <FormModal
      title="Save view"
      description="Keeps the pipeline, the board or table, the filters and the sort under a name."
      onClose={onClose}
      onSubmit={() =>
        createView.mutate(
          { screen, name: name.trim(), scope, ...config },
          {
            onSuccess: (view) => {
              toast.show('success', `View “${view.name}” saved`);
              onSaved(view);
            },
          },
        )
      }
      submitLabel="Save view"
      pendingLabel="Saving…"
      pending={createView.isPending}
      canSubmit={name.trim() !== ''}
      error={createView.error}
    >
      <div className="field">
        <label htmlFor="saved-view-name">Name</label>
        <input
          id="saved-view-name"
          autoFocus
          required
          maxLength={100}
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="Hot probate leads"
        />
      </div>
      <div className="field">
        <label htmlFor="saved-view-scope">Visible to</label>
        <select id="saved-view-scope" value={scope} onChange={(event) => setScope(event.target.value as SavedView['scope'])}>
          {(['personal', 'shared'] as const).map((option) => (
            <option key={option} value={option}>
              {SCOPE_LABELS[option]}
            </option>
          ))}
        </select>
        <p className="field-hint">A shared view can be changed by admins and by you.</p>
      </div>
    </FormModal>
  );
}

/** Renames a view; the name stays unique among the team's shared views or among the caller's own. */
export function RenameViewDialog({ view, onClose }: { view: SavedView; onClose: () => void }) {
  const updateView = useUpdateSavedView({ errorShownInline: true });
  const toast = useToast();
  const [name, setName] = useState(view.name);
  return (
    <FormModal
      title="Rename view"
      onClose={onClose}
      onSubmit={() =>
        updateView.mutate(
          { id: view.id, changes: { name: name.trim() } },
          {
            onSuccess: (renamed) => {
              toast.show('success', `View renamed to “${renamed.name}”`);
              onClose();
            },
          },
        )
      }
      submitLabel="Rename"
      pendingLabel="Renaming…"
      pending={updateView.isPending}
      canSubmit={name.trim() !== '' && name.trim() !== view.name}
      error={updateView.error}
    >
      <div className="field">
        <label htmlFor="saved-view-rename">Name</label>
        <input id="saved-view-rename" autoFocus required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
      </div>
    </FormModal>
  );
}
