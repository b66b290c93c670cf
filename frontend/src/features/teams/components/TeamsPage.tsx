import { useState } from 'react';
import { Link } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { SearchInput } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { formatDate } from '../../../lib/format';
import { useDebouncedValue, usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import type { Team } from '../../../lib/types';
import { useDeleteTeam, useTeams } from '../api/teams';
import { TeamFormDialog } from './TeamFormDialog';

const PAGE_SIZE = 20;

/** TeamsPage lists a tenant's teams with search and pagination; owners and admins create, edit and delete. */
export function TeamsPage() {
  const { tenant, canManage } = useTenant();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim());
  const page = usePagination(PAGE_SIZE, [q]);
  const teams = useTeams(tenant.slug, { q, limit: page.limit, offset: page.offset });
  const remove = useDeleteTeam(tenant.slug);
  const toast = useToast();
  const [editing, setEditing] = useState<Team | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Team | null>(null);

  const createButton = canManage ? (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
      Create team
    </button>
  ) : undefined;

  return (
    <>
      <PageHeader title="Teams" description="Teams group members who work on the same applications."
        actions={createButton} />
      <div className="toolbar">
        <SearchInput label="Search teams" value={search} onChange={setSearch} />
      </div>
      {teams.isPending ? (
        <LoadingState />
      ) : teams.isError ? (
        <ErrorState error={teams.error} onRetry={() => teams.refetch()} />
      ) : teams.data.items.length === 0 ? (
        <EmptyState title={q ? 'No teams match your search' : 'No teams yet'} action={q ? undefined : createButton}>
          {q ? 'Try another name.' : canManage ? 'Create a team to group members.' : 'An owner or admin can create teams.'}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Teams</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Description</th>
                  <th scope="col" className="num">Members</th>
                  <th scope="col">Created</th>
                  {canManage && <th scope="col"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {teams.data.items.map((t) => (
                  <tr key={t.id}>
                    <td>
                      <Link to={t.id}>{t.name}</Link>
                      <div className="muted small"><code>{t.slug}</code></div>
                    </td>
                    <td className="wrap">{t.description || <span className="muted">—</span>}</td>
                    <td className="num">{t.member_count}</td>
                    <td>{formatDate(t.created_at)}</td>
                    {canManage && (
                      <td className="actions">
                        <button type="button" className="btn btn-sm" onClick={() => setEditing(t)}
                          aria-label={`Edit team ${t.name}`}>
                          Edit
                        </button>
                        <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => setDeleting(t)}
                          aria-label={`Delete team ${t.name}`}>
                          Delete
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={teams.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={["team", "teams"]} />
        </>
      )}
      <TeamFormDialog open={creating} onClose={() => setCreating(false)} />
      <TeamFormDialog open={editing !== null} team={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete team?"
        confirmLabel="Delete team"
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await remove.mutateAsync(deleting.id);
          toast.success(`Team ${deleting.name} was deleted.`);
        }}
      >
        <p>
          Delete <strong>{deleting?.name}</strong>? Its members stay in the tenant, but the team and its memberships are
          gone for good.
        </p>
      </ConfirmDialog>
    </>
  );
}
