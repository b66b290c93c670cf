import { Link } from 'react-router';
import { EmptyState } from '../components/States';
import { useDocumentTitle } from '../lib/hooks';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <EmptyState title="Page not found" action={<Link to="/">Go to the start page</Link>}>
      There is nothing at this address.
    </EmptyState>
  );
}
