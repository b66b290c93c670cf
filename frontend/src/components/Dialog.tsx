import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons shown at the bottom, usually Cancel and the primary action. */
  footer?: ReactNode;
  /** Alert dialogs (confirmations) get role="alertdialog". */
  role?: 'dialog' | 'alertdialog';
  /** 'drawer' slides in at the right edge, full height, for details next to a list. */
  size?: 'sm' | 'md' | 'lg' | 'drawer';
}

/**
 * Dialog is a modal window: it traps focus, closes on Escape or a click on the backdrop, and gives focus back
 * to whatever had it before it opened.
 */
export function Dialog({ open, title, onClose, children, footer, role = 'dialog', size = 'md' }: DialogProps) {
  const titleId = useId();
  const bodyId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    if (!open) return;
    const previous = document.activeElement as HTMLElement | null;
    const el = panel.current;
    const first =
      el?.querySelector<HTMLElement>('[data-autofocus]') ??
      el?.querySelector('.dialog-body')?.querySelector<HTMLElement>(FOCUSABLE) ??
      el?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? el)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        closeRef.current();
        return;
      }
      if (e.key !== 'Tab' || !el) return;
      const items = Array.from(el.querySelectorAll<HTMLElement>(FOCUSABLE));
      if (items.length === 0) return;
      const firstItem = items[0];
      const lastItem = items[items.length - 1];
      if (e.shiftKey && document.activeElement === firstItem) {
        e.preventDefault();
        lastItem.focus();
      } else if (!e.shiftKey && document.activeElement === lastItem) {
        e.preventDefault();
        firstItem.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      previous?.focus?.();
    };
  }, [open]);

  if (!open) return null;
  return createPortal(
    <div
      className={size === 'drawer' ? 'dialog-backdrop dialog-backdrop-drawer' : 'dialog-backdrop'}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={panel}
        className={`dialog dialog-${size}`}
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        tabIndex={-1}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="btn btn-ghost btn-icon" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dialog-body" id={bodyId}>
          {children}
        </div>
        {footer && <footer className="dialog-footer">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}

/** FormDialogFooter is the footer of a dialog around a form: Cancel, and the button that submits the form `form`. */
export function FormDialogFooter({
  form,
  label,
  pending,
  pendingLabel = 'Saving…',
  onCancel,
}: {
  /** The id of the form the primary button submits. */
  form: string;
  label: string;
  pending: boolean;
  pendingLabel?: string;
  onCancel: () => void;
}) {
  return (
    <>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" form={form} className="btn btn-primary" disabled={pending}>
        {pending ? pendingLabel : label}
      </button>
    </>
  );
}
