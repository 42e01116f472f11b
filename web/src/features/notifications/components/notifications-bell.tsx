import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { mentionsAsNames } from '../../../lib/mention-text';
import { useMarkRead, useNotifications, type Notification } from '../api';

function BellIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M6 10a6 6 0 1 1 12 0c0 5 2 6.5 2 6.5H4S6 15 6 10zM10 20a2 2 0 0 0 4 0" />
    </svg>
  );
}

/** The top bar's bell: the unread count, and the latest notifications in a menu. */
export function NotificationsBell() {
  const notifications = useNotifications();
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const menuRef = useRef<HTMLDivElement>(null);
  const unread = notifications.data?.unread ?? 0;
  const items = notifications.data?.items ?? [];

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

  function openNotification(notification: Notification) {
    if (!notification.read) markRead.mutate({ ids: [notification.id] });
    setOpen(false);
    if (notification.link) void navigate(notification.link);
  }

  return (
    <div className="user-menu notifications" ref={menuRef}>
      <button
        type="button"
        className="icon-button notifications-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        onClick={() => setOpen((value) => !value)}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="notifications-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="menu notifications-menu" role="menu" aria-label="Notifications">
          <div className="menu-header notifications-header">
            <span className="cell-primary">Notifications</span>
            {unread > 0 && (
              <button type="button" className="link-button" onClick={() => markRead.mutate({ all: true })}>
                Mark all read
              </button>
            )}
          </div>
          {items.length === 0 && <p className="notifications-empty">Nothing yet. Mentions, assignments and due tasks show here.</p>}
          {items.map((notification) => (
            <button
              key={notification.id}
              type="button"
              role="menuitem"
              className={`menu-item notification${notification.read ? '' : ' notification-unread'}`}
              onClick={() => openNotification(notification)}
            >
              <span className="notification-text">
                <span className="notification-title">{notification.title}</span>
                {notification.body && <span className="cell-muted notification-body">{mentionsAsNames(notification.body)}</span>}
                <time className="cell-muted" dateTime={notification.createdAt} title={formatDateTime(notification.createdAt)}>
                  {formatRelative(notification.createdAt)}
                </time>
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
