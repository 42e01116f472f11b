import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

type ToastTone = 'success' | 'error' | 'info';

interface Toast {
  id: number;
  tone: ToastTone;
  message: string;
  action?: ToastAction;
}

/** A button on the notice, such as Undo; pressing it dismisses the notice. */
export interface ToastAction {
  label: string;
  onClick: () => void;
}

interface ToastApi {
  show: (tone: ToastTone, message: string, action?: ToastAction) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
const TOAST_LIFETIME_MS = { success: 4000, info: 5000, error: 8000 } satisfies Record<ToastTone, number>;
/** Long enough to notice the action and reach it. */
const ACTION_TOAST_LIFETIME_MS = 10_000;
let nextToastId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const show = useCallback(
    (tone: ToastTone, message: string, action?: ToastAction) => {
      const id = nextToastId++;
      setToasts((current) => [...current.slice(-3), { id, tone, message, action }]);
      window.setTimeout(() => dismiss(id), action ? ACTION_TOAST_LIFETIME_MS : TOAST_LIFETIME_MS[tone]);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toast-region" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
            <span className="toast-message">{toast.message}</span>
            {toast.action && (
              <button
                type="button"
                className="btn btn-secondary btn-sm"
                onClick={() => {
                  dismiss(toast.id);
                  toast.action!.onClick();
                }}
              >
                {toast.action.label}
              </button>
            )}
            <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(toast.id)}>
              <svg viewBox="0 0 20 20" aria-hidden="true">
                <path d="M5 5l10 10M15 5 5 15" />
              </svg>
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a ToastProvider');
  return api;
}
