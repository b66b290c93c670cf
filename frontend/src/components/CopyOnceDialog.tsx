import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Alert } from './Alert';
import { Dialog } from './Dialog';

/** copyText puts text on the clipboard, falling back to the selection for browsers without the Clipboard API. */
export async function copyText(text: string, fallback?: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused or an insecure context: try the selection below.
  }
  if (fallback) {
    fallback.focus();
    fallback.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
  return false;
}

export interface CopyOnceDialogProps {
  open: boolean;
  title: string;
  /** The secret or link to show. */
  value: string;
  /** The label of the read-only field that holds value ("API key", "Invitation link"). */
  label: string;
  /** The copy button's text ("Copy key", "Copy link"). */
  copyLabel: string;
  /** What this is and what happens next, above the field. */
  children?: ReactNode;
  /** Why it matters to copy it now. */
  warning: ReactNode;
  onClose: () => void;
}

/**
 * CopyOnceDialog shows a value the server sends only once (a new API key, an invitation link) with a copy button.
 * Closing before copying asks once more, so nobody loses a key by pressing Escape.
 */
export function CopyOnceDialog({ open, title, value, label, copyLabel, children, warning, onClose }: CopyOnceDialogProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');
  const [leaving, setLeaving] = useState(false);

  useEffect(() => {
    if (open) {
      setCopied('no');
      setLeaving(false);
    }
  }, [open, value]);

  const copy = async () => {
    const ok = await copyText(value, input.current);
    setCopied(ok ? 'yes' : 'failed');
    if (ok) setLeaving(false);
  };
  const requestClose = () => {
    if (copied === 'yes' || leaving) onClose();
    else setLeaving(true);
  };

  return (
    <Dialog
      open={open}
      title={title}
      onClose={requestClose}
      footer={
        <button type="button" className={leaving ? 'btn btn-danger' : 'btn btn-primary'} onClick={requestClose}>
          {copied === 'yes' ? 'Done' : leaving ? 'Close without copying' : 'Close'}
        </button>
      }
    >
      {children}
      <div className="field">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        <div className="copy-row">
          <input id={id} ref={input} className="input input-mono" readOnly value={value} data-autofocus
            onFocus={(e) => e.currentTarget.select()} aria-describedby={`${id}-warning`} />
          <button type="button" className="btn btn-primary" onClick={copy}>
            {copyLabel}
          </button>
        </div>
        <p className="field-hint" id={`${id}-warning`}>
          {warning}
        </p>
      </div>
      <div aria-live="polite">
        {copied === 'yes' && <Alert tone="success">Copied to the clipboard.</Alert>}
        {copied === 'failed' && (
          <Alert tone="warning">The browser did not allow copying. Select the text above and copy it by hand.</Alert>
        )}
        {leaving && copied !== 'yes' && (
          <Alert tone="warning">You have not copied it yet. Once this window closes it cannot be shown again.</Alert>
        )}
      </div>
    </Dialog>
  );
}
