import { useState } from 'react';
import { Link } from 'react-router';
import { Badge, RoleBadge } from '../../../components/Badge';
import { SearchInput } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { formatDate } from '../../../lib/format';
import { useDebouncedValue, usePagination } from '../../../lib/hooks';
import { useMe } from '../../../lib/session';
import { useTenants } from '../api/tenants';
import { CreateTenantDialog } from './CreateTenantDialog';

const PAGE_SIZE = 20;

/** AdminTenantsPage lists every tenant and creates new ones; it is for platform admins. */
export function AdminTenantsPage() {
  const me = useMe();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim());
  const page = usePagination(PAGE_SIZE, [q]);
  const isAdmin = me.data?.is_platform_admin ?? false;
  const tenants = useTenants({ q, limit: page.limit, offset: page.offset }, isAdmin);
  const [creating, setCreating] = useState(false);

  if (me.isPending) return <LoadingState />;
  if (!isAdmin) {
    return (
      <div className="state state-error" role="alert">
        <p className="state-title">No access</p>
        <p className="state-text">Only platform administrators can manage tenants.</p>
      </div>
    );
  }

  const createButton = (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
      Create tenant
    </button>
  );

  return (
    <>
      <PageHeader title="Tenants" description="Every tenant on this Tollgate installation." actions={createButton} />
      <div className="toolbar">
        <SearchInput label="Search tenants" value={search} onChange={setSearch} />
      </div>
      {tenants.isPending ? (
        <LoadingState />
      ) : tenants.isError ? (
        <ErrorState error={tenants.error} onRetry={() => tenants.refetch()} />
      ) : tenants.data.items.length === 0 ? (
        <EmptyState title={q ? 'No tenants match your search' : 'No tenants yet'} action={q ? undefined : createButton}>
          {q ? 'Try another name or slug.' : 'Create the first tenant to get started.'}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Tenants</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Slug</th>
                  <th scope="col">Sign-up</th>
                  <th scope="col">Your role</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {tenants.data.items.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <Link to={`/t/${t.slug}`}>{t.name}</Link>
                    </td>
                    <td>
                      <code>{t.slug}</code>
                    </td>
                    <td>{t.allow_signup ? <Badge tone="green">Open</Badge> : <Badge>Invitation only</Badge>}</td>
                    <td>{t.role ? <RoleBadge role={t.role} /> : <span className="muted">—</span>}</td>
                    <td>{formatDate(t.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={tenants.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={["tenant", "tenants"]} />
        </>
      )}
      <CreateTenantDialog open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
