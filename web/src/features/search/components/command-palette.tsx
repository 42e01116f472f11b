import { Command } from 'cmdk';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Icon, type IconName } from '../../../components/icons';
import { pathOf, useSearch, type SearchResult } from '../api';

const GROUPS: { type: SearchResult['type']; heading: string; icon: IconName }[] = [
  { type: 'deal', heading: 'Deals', icon: 'kanban' },
  { type: 'property', heading: 'Properties', icon: 'building' },
  { type: 'owner', heading: 'Owners', icon: 'user' },
  { type: 'lead', heading: 'Leads', icon: 'target' },
  { type: 'contact', heading: 'People on deals', icon: 'users' },
];

/**
 * Search everything from anywhere. The results come from the server already
 * matched, so the menu's own filtering is off; it still gives arrow keys, Enter
 * and the listbox semantics. The native <dialog> closes on Escape and keeps focus inside.
 */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const search = useSearch(text);
  const results = text.trim() === '' ? [] : (search.data?.items ?? []);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  function open(result: SearchResult) {
    const path = pathOf(result);
    if (!path) return;
    onClose();
    void navigate(path);
  }

  let status: string | null = null;
  if (text.trim() === '') status = 'Type an address, a name, a phone number or an e-mail.';
  else if (search.isError) status = search.error.message;
  else if (search.isFetching && results.length === 0) status = 'Searching…';
  else if (results.length === 0) status = 'Nothing matches.';

  return (
    <dialog
      ref={dialogRef}
      className="modal palette"
      aria-label="Search"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <Command shouldFilter={false} loop label="Search everything" className="palette-panel">
        <div className="palette-input">
          <Icon name="search" />
          <Command.Input autoFocus value={text} onValueChange={setText} placeholder="Search properties, owners, leads, deals…" />
          <kbd className="palette-key">Esc</kbd>
        </div>
        <Command.List className="palette-list" label="Results">
          {status && <div className="palette-status">{status}</div>}
          {GROUPS.map((group) => {
            const items = results.filter((result) => result.type === group.type);
            if (items.length === 0) return null;
            return (
              <Command.Group key={group.type} heading={group.heading} className="palette-group">
                {items.map((result) => (
                  <Command.Item
                    key={`${result.type}:${result.id}`}
                    value={`${result.type}:${result.id}`}
                    className="palette-item"
                    onSelect={() => open(result)}
                  >
                    <Icon name={group.icon} className="icon icon-sm" />
                    <span className="palette-item-text">
                      <span className="palette-item-title">{result.title}</span>
                      {result.subtitle && <span className="palette-item-subtitle">{result.subtitle}</span>}
                    </span>
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
        </Command.List>
      </Command>
    </dialog>
  );
}
