import { useEffect, useId, useState, type FormEvent } from 'react';
import { Alert } from '../../../components/Alert';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { TextAreaField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { ApiError, describeError } from '../../../lib/api';
import { useTenant } from '../../../lib/tenant';
import type { Api } from '../../../lib/types';
import { useUploadOpenApi } from '../api/apis';

const MAX_BYTES = 5 * 1024 * 1024;

/** detectFormat tells JSON from YAML by the file name, else by the first character of the text. */
export function detectFormat(text: string, fileName?: string): 'json' | 'yaml' {
  const name = fileName?.toLowerCase() ?? '';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  const first = text.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

/** Problems lists what the server found wrong in a document, each with its place (e.g. info.title). */
function Problems({ error }: { error: unknown }) {
  if (error == null) return null;
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) {
    return <Alert tone="error">{describeError(error)}</Alert>;
  }
  const n = error.fieldErrors.length;
  return (
    <Alert tone="error" title={`The document has ${n} problem${n === 1 ? '' : 's'}`}>
      <ul className="problem-list">
        {error.fieldErrors.map((e, i) => (
          <li key={i}>
            {e.field && <code>{e.field}</code>} {e.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** OpenApiUploadDialog stores an API's OpenAPI document from a file or pasted text, JSON or YAML. */
export function OpenApiUploadDialog({ open, api, onClose }: { open: boolean; api: Api; onClose: () => void }) {
  const { tenant } = useTenant();
  const upload = useUploadOpenApi(tenant.slug, api.id);
  const toast = useToast();
  const fileId = useId();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [localError, setLocalError] = useState<string>();

  useEffect(() => {
    if (!open) return;
    setText('');
    setFileName(undefined);
    setLocalError(undefined);
    upload.reset();
  }, [open]);

  const onFile = async (file: File | undefined) => {
    upload.reset();
    setLocalError(undefined);
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setLocalError('The file is larger than 5 MiB, the most the server accepts.');
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    upload.reset();
    if (!text.trim()) {
      setLocalError('Choose a file or paste the document.');
      return;
    }
    if (new Blob([text]).size > MAX_BYTES) {
      setLocalError('The document is larger than 5 MiB, the most the server accepts.');
      return;
    }
    setLocalError(undefined);
    const format = detectFormat(text, fileName);
    upload.mutate(
      { text, contentType: format === 'json' ? 'application/json' : 'application/yaml' },
      {
        onSuccess: () => {
          toast.success(`The OpenAPI document of ${api.name} was saved.`);
          onClose();
        },
      },
    );
  };

  const format = text.trim() ? detectFormat(text, fileName) : null;
  return (
    <Dialog
      open={open}
      title={api.has_openapi ? 'Replace OpenAPI document' : 'Upload OpenAPI document'}
      onClose={onClose}
      size="lg"
      footer={
        <FormDialogFooter form="openapi-form" label="Save document" pending={upload.isPending} pendingLabel="Uploading…" onCancel={onClose} />
      }
    >
      <form id="openapi-form" onSubmit={onSubmit} noValidate aria-label="OpenAPI document">
        <p className="muted">An OpenAPI 3 document in JSON or YAML, up to 5 MiB. The server checks it before saving.</p>
        <div className="field">
          <label htmlFor={fileId} className="field-label">
            File
          </label>
          <input id={fileId} type="file" className="input" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml"
            onChange={(e) => onFile(e.target.files?.[0])} />
        </div>
        <TextAreaField label="Or paste the document" value={text} rows={12} spellCheck={false}
          className="input textarea input-mono"
          onChange={(e) => {
            setText(e.target.value);
            setFileName(undefined);
            setLocalError(undefined);
            upload.reset();
          }}
          error={localError}
          hint={format ? `Sent as ${format.toUpperCase()}.` : 'JSON or YAML; the format is detected.'} />
        <Problems error={upload.error} />
      </form>
    </Dialog>
  );
}
