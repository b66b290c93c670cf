// The notification centre's filters, read from and written to the page's URL (`unread=true`, `kind=`).
import { KIND_RE } from '../../lib/kinds';

/** NotificationFilters narrow the list: unread only, one kind (empty: every kind). */
export interface NotificationFilters {
  unread: boolean;
  kind: string;
}

/** notificationFiltersFromParams reads the filters; a kind that does not look like one means "every kind". */
export function notificationFiltersFromParams(params: URLSearchParams): NotificationFilters {
  const kind = params.get('kind') ?? '';
  return { unread: params.get('unread') === 'true', kind: KIND_RE.test(kind) ? kind : '' };
}

/** notificationFiltersToParams writes the filters into a copy of the URL's parameters, leaving the others alone. */
export function notificationFiltersToParams(f: NotificationFilters, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const out = new URLSearchParams(base);
  if (f.unread) out.set('unread', 'true');
  else out.delete('unread');
  if (f.kind) out.set('kind', f.kind);
  else out.delete('kind');
  return out;
}
