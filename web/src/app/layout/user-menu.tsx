import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { Avatar } from '../../components/avatar';
import { Icon } from '../../components/icons';
import { useLogout } from '../../features/auth/api';
import type { TokenPair } from '../../../../src/modules/identity/schema';

export function UserMenu({ user }: { user: TokenPair['user'] }) {
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const logout = useLogout();
  const displayName = user.name || user.email;

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

  return (
    <div className="user-menu" ref={menuRef}>
      <button
        type="button"
        className="user-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Account menu for ${displayName}`}
        onClick={() => setOpen((value) => !value)}
      >
        <Avatar name={displayName} size="sm" />
        <span className="user-menu-name">{displayName}</span>
        <Icon name="chevronDown" className="icon icon-sm" />
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="Account">
          <div className="menu-header">
            <div className="cell-primary">{displayName}</div>
            {user.name && <div className="cell-muted">{user.email}</div>}
          </div>
          <Link to="/account" role="menuitem" className="menu-item" onClick={() => setOpen(false)}>
            <Icon name="user" />
            Account &amp; sessions
          </Link>
          <button type="button" role="menuitem" className="menu-item" disabled={logout.isPending} onClick={() => logout.mutate()}>
            <Icon name="logout" />
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
