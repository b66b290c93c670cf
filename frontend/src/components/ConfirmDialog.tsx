import { useEffect, useState, type ReactNode } from 'react';
import { describeError } from '../lib/api';
import { Alert } from './Alert';
import { Dialog } from './Dialog';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, in a sentence or two. */
  children: ReactNode;
  confirmLabel: string;
  /** The label of the button that backs out; "Cancel" unless that would be ambiguous. */
  cancelLabel?: string;
  /** Destructive actions get a red button. */
  destructive?: boolean;
  /** Runs the action; the dialog closes when it resolves and shows the error when it rejects. */
  onConfirm: () => Promise<unknown> | void;
  onClose: () => void;
}

/** ConfirmDialog asks before an action that cannot be undone. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = 'Cancel',
  destructive = true,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (open) {
      setPending(false);
      setError(null);
    }
  }, [open]);

  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      await onConfirm();
      setPending(false);
      onClose();
    } catch (err) {
      setPending(false);
      setError(err);
    }
  };

  return (
    <Dialog
      open={open}
      title={title}
      onClose={pending ? () => undefined : onClose}
      role="alertdialog"
      size="sm"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={pending}>
            {cancelLabel}
          </button>
          <button
            type="button"
            className={destructive ? 'btn btn-danger' : 'btn btn-primary'}
            onClick={confirm}
            disabled={pending}
            aria-busy={pending}
          >
            {pending ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-message">{children}</div>
      {error != null && <Alert tone="error">{describeError(error)}</Alert>}
    </Dialog>
  );
}
