import { useState } from 'react';
import { Link } from 'react-router';
import { SearchInput } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDate } from '../../../lib/format';
import { useDebouncedValue, usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import { useApplications } from '../api/applications';
import { ApplicationFormDialog } from './ApplicationFormDialog';

const PAGE_SIZE = 20;

/** ApplicationsPage lists the applications of the caller's teams; an application holds subscriptions and keys. */
export function ApplicationsPage() {
  const { tenant, canManage } = useTenant();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim());
  const page = usePagination(PAGE_SIZE, [q]);
  const apps = useApplications(tenant.slug, { q, limit: page.limit, offset: page.offset });
  const [creating, setCreating] = useState(false);

  const createButton = (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
      Create application
    </button>
  );
  return (
    <>
      <PageHeader title="Applications"
        description={canManage ? 'Every application in the tenant: what calls the APIs, with its subscriptions and keys.' : "Your teams' applications: what calls the APIs, with its subscriptions and keys."}
        actions={createButton} />
      <div className="toolbar">
        <SearchInput label="Search applications" value={search} onChange={setSearch} />
      </div>
      {apps.isPending ? (
        <LoadingState />
      ) : apps.isError ? (
        <ErrorState error={apps.error} onRetry={() => apps.refetch()} />
      ) : apps.data.items.length === 0 ? (
        <EmptyState title={q ? 'No applications match your search' : 'No applications yet'} action={q ? undefined : createButton}>
          {q ? 'Try another name.' : 'Create an application for your team, then subscribe it to APIs from the catalogue.'}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Applications</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Team</th>
                  <th scope="col">Description</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {apps.data.items.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={a.id}>{a.name}</Link>
                    </td>
                    <td>{a.team_name}</td>
                    <td className="wrap">{a.description || <span className="muted">—</span>}</td>
                    <td>{formatDate(a.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={apps.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={['application', 'applications']} />
        </>
      )}
      <ApplicationFormDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
