import { useCallback, useState } from 'react';
import { Icon } from '../../../components/icons';
import { usePaletteShortcut } from '../use-palette-shortcut';
import { CommandPalette } from './command-palette';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The top bar's search: a button and the Ctrl-K shortcut both open the palette. */
export function SearchButton() {
  const [open, setOpen] = useState(false);
  const show = useCallback(() => setOpen(true), []);
  usePaletteShortcut(show);

  return (
    <>
      <button type="button" className="topbar-search" onClick={show} aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}>
        <Icon name="search" className="icon icon-sm" />
        <span>Search</span>
        <kbd className="palette-key">{isMac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      {open && <CommandPalette onClose={() => setOpen(false)} />}
    </>
  );
}
