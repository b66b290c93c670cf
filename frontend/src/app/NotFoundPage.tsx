import { Link } from 'react-router';
import { EmptyState } from '../components/States';

export function NotFoundPage() {
  return (
    <EmptyState title="Page not found" action={<Link to="/">Go to the start page</Link>}>
      There is nothing at this address.
    </EmptyState>
  );
}
