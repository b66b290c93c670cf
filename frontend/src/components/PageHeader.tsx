import type { ReactNode } from 'react';
import { useDocumentTitle } from '../lib/hooks';

/** PageHeader is the page's one h1 with an optional description and actions on the right; it names the tab too. */
export function PageHeader({
  title,
  description,
  actions,
  back,
  docTitle,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  back?: ReactNode;
  /** The browser tab's title when title is not plain text. */
  docTitle?: string;
}) {
  useDocumentTitle(docTitle ?? (typeof title === 'string' ? title : undefined));
  return (
    <div className="page-header">
      <div>
        {back && <div className="page-back">{back}</div>}
        <h1>{title}</h1>
        {description && <div className="page-description">{description}</div>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}
