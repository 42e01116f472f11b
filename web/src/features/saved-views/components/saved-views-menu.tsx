import { useEffect, useRef, useState } from 'react';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Icon } from '../../../components/icons';
import { useToast } from '../../../components/toast';
import { useDeleteSavedView, useSavedViews, useUpdateSavedView, type SavedView, type SavedViewScreen } from '../api';
import { showsView, type SavedViewConfig } from '../saved-view-config';
import { RenameViewDialog, SaveViewDialog } from './saved-view-dialogs';

interface SavedViewsMenuProps {
  screen: SavedViewScreen;
  /** What the screen shows now. */
  current: SavedViewConfig;
  /** Members and up save views; viewers only open them. */
  canWrite: boolean;
  onApply: (view: SavedViewConfig) => void;
}

type Dialog = { kind: 'save' } | { kind: 'rename' | 'delete'; view: SavedView };

/**
 * The screen's saved views, shared ones first, and what can be done with the one in use.
 * The view in use is the one last opened here, or else the one the screen shows exactly
 * (after a reload); once the filters change, it is "edited" and can be updated with them.
 */
export function SavedViewsMenu({ screen, current, canWrite, onApply }: SavedViewsMenuProps) {
  const views = useSavedViews(screen);
  const updateView = useUpdateSavedView();
  const deleteView = useDeleteSavedView();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOnOutsideClick = (event: MouseEvent) => {
      if (!menuRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', closeOnOutsideClick);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('mousedown', closeOnOutsideClick);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);

  const items = views.data?.items ?? [];
  const shown = items.find((view) => showsView(view, current));
  // The view the screen shows when none was opened here (after a reload) stays in use once the filters change.
  if (chosenId === null && shown) setChosenId(shown.id);
  const active = items.find((view) => view.id === chosenId) ?? shown;
  const edited = active !== undefined && !showsView(active, current);

  function choose(view: SavedView) {
    setChosenId(view.id);
    setOpen(false);
    onApply(view);
  }

  function act(next: Dialog) {
    setOpen(false);
    setDialog(next);
  }

  function updateActive(view: SavedView) {
    setOpen(false);
    updateView.mutate({ id: view.id, changes: current }, { onSuccess: () => toast.show('success', `View “${view.name}” updated`) });
  }

  const group = (label: string, scope: SavedView['scope']) => {
    const inScope = items.filter((view) => view.scope === scope);
    if (inScope.length === 0) return null;
    return (
      <div role="group" aria-label={label}>
        <div className="menu-label">{label}</div>
        {inScope.map((view) => (
          <button
            key={view.id}
            type="button"
            role="menuitemradio"
            aria-checked={view.id === active?.id}
            className="menu-item"
            onClick={() => choose(view)}
          >
            <Icon name={view.layout === 'table' ? 'table' : 'kanban'} />
            <span className="saved-views-name">{view.name}</span>
            {view.id === active?.id && <Icon name="check" className="icon icon-sm saved-views-check" />}
          </button>
        ))}
      </div>
    );
  };

  return (
    <div className="saved-views" ref={menuRef}>
      <button
        type="button"
        className="btn btn-secondary"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        <Icon name="layers" className="icon icon-sm" />
        {active ? active.name : 'Views'}
        {edited && <span className="saved-views-edited">(edited)</span>}
        <Icon name="chevronDown" className="icon icon-sm" />
      </button>
      {open && (
        <div className="menu saved-views-menu" role="menu" aria-label="Saved views">
          {views.isPending && <p className="menu-note">Loading views…</p>}
          {views.isError && <p className="menu-note">The views could not be loaded.</p>}
          {views.isSuccess && items.length === 0 && (
            <p className="menu-note">No saved views yet. Set the filters you use most, then save them as a view.</p>
          )}
          {group('Shared with the team', 'shared')}
          {group('My views', 'personal')}
          {canWrite && (
            <>
              <div className="menu-separator" role="separator" />
              <button type="button" role="menuitem" className="menu-item" onClick={() => act({ kind: 'save' })}>
                <Icon name="plus" />
                Save as new view…
              </button>
              {active?.canEdit && (
                <>
                  <button
                    type="button"
                    role="menuitem"
                    className="menu-item"
                    disabled={!edited || updateView.isPending}
                    onClick={() => updateActive(active)}
                  >
                    <Icon name="repeat" />
                    Update “{active.name}” with current filters
                  </button>
                  <button type="button" role="menuitem" className="menu-item" onClick={() => act({ kind: 'rename', view: active })}>
                    <Icon name="pencil" />
                    Rename “{active.name}”…
                  </button>
                  <button type="button" role="menuitem" className="menu-item" onClick={() => act({ kind: 'delete', view: active })}>
                    <Icon name="trash" />
                    Delete “{active.name}”…
                  </button>
                </>
              )}
            </>
          )}
        </div>
      )}
      {dialog?.kind === 'save' && (
        <SaveViewDialog
          screen={screen}
          config={current}
          onClose={() => setDialog(null)}
          onSaved={(view) => {
            setChosenId(view.id);
            setDialog(null);
          }}
        />
      )}
      {dialog?.kind === 'rename' && <RenameViewDialog view={dialog.view} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete “${dialog.view.name}”?`}
          message={
            dialog.view.scope === 'shared'
              ? 'The view goes for the whole team. The deals it shows stay as they are.'
              : 'The view goes from your list. The deals it shows stay as they are.'
          }
          confirmLabel="Delete view"
          pending={deleteView.isPending}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            deleteView.mutate(dialog.view.id, {
              onSuccess: () => {
                toast.show('success', `View “${dialog.view.name}” deleted`);
                if (chosenId === dialog.view.id) setChosenId(null);
                setDialog(null);
              },
            })
          }
        />
      )}
    </div>
  );
}
