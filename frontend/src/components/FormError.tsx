import { ApiError, describeError } from '../lib/api';
import { Alert } from './Alert';

/**
 * FormError shows why a form was refused. Field errors are shown next to their fields, so for a validation
 * failure this only summarises; errors about fields the form does not show are listed here.
 */
export function FormError({ error, fields = [] }: { error: unknown; fields?: string[] }) {
  if (error == null) return null;
  if (error instanceof ApiError) {
    const stray = error.fieldErrors.filter((e) => !fields.includes(e.field));
    // The one field's message already says it all, under the field: do not say it twice.
    if (stray.length === 0 && error.fieldErrors.length === 1 && error.restates(error.fieldErrors[0].field)) return null;
    return (
      <Alert tone="error">
        <p>{error.message}</p>
        {stray.length > 0 && (
          <ul>
            {stray.map((e) => (
              <li key={e.field + e.message}>
                {e.field ? `${e.field}: ` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        )}
      </Alert>
    );
  }
  return <Alert tone="error">{describeError(error)}</Alert>;
}

/** serverFieldErrors returns the field errors of an ApiError keyed by field, or an empty object. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldMap() : {};
}
