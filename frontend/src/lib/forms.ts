import { useState } from 'react';
import { ApiError } from './api';
import { hasErrors, type Errors } from './validation';

/** The part of a TanStack mutation a form's errors depend on. */
export interface MutationLike {
  error: unknown;
  reset: () => void;
}

export interface FormErrors<K extends string> {
  /** The message to show under each field: the client's check first, else the server's answer. */
  errors: Errors<K>;
  /** The error for the form's summary (FormError), or null once the fields it complained about were edited. */
  formError: unknown;
  /** validate starts a submit: it forgets the last server answer, keeps found and says whether to send. */
  validate: (found: Errors<K>) => boolean;
  /** clear hides a field's errors as soon as the user changes it. */
  clear: (field: K) => void;
  /** reset forgets everything, e.g. when a dialog opens again. */
  reset: () => void;
}

/**
 * useFormErrors keeps a form's field errors fresh: a field's message goes away when the field changes, and every
 * submit starts clean, so nobody reads an error about a value they have already fixed.
 */
export function useFormErrors<K extends string>(mutation: MutationLike): FormErrors<K> {
  const [client, setClient] = useState<Errors<K>>({});
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const [seen, setSeen] = useState<unknown>(mutation.error);
  let editedNow = edited;
  if (seen !== mutation.error) {
    // A new server answer: every field it names is shown again.
    setSeen(mutation.error);
    editedNow = new Set();
    setEdited(editedNow);
  }
  const server = mutation.error instanceof ApiError ? mutation.error.fieldMap() : {};
  const errors: Errors<K> = {};
  for (const key of new Set([...Object.keys(client), ...Object.keys(server)])) {
    const k = key as K;
    errors[k] = client[k] ?? (editedNow.has(key) ? undefined : server[key]);
  }
  let formError: unknown = mutation.error ?? null;
  if (mutation.error instanceof ApiError && mutation.error.fieldErrors.length > 0) {
    if (mutation.error.fieldErrors.every((e) => editedNow.has(e.field))) formError = null;
  } else if (editedNow.size > 0) {
    // A refusal about the form as a whole ("a team with this slug already exists") is stale once the user edits.
    formError = null;
  }
  return {
    errors,
    formError,
    validate: (found) => {
      mutation.reset();
      setClient(found);
      setEdited(new Set());
      return !hasErrors(found);
    },
    clear: (field) => {
      setClient((c) => (c[field] ? { ...c, [field]: undefined } : c));
      setEdited((e) => (e.has(field) ? e : new Set([...e, field])));
    },
    reset: () => {
      setClient({});
      setEdited(new Set());
    },
  };
}
