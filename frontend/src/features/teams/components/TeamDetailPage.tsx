import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { formatDate } from '../../../lib/format';
import { usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import type { TeamMember } from '../../../lib/types';
import { useDeleteTeam, useRemoveTeamMember, useTeam, useTeamMembers } from '../api/teams';
import { AddTeamMemberDialog } from './AddTeamMemberDialog';
import { TeamFormDialog } from './TeamFormDialog';

const PAGE_SIZE = 50;

/** TeamDetailPage shows one team and its members; owners and admins add and remove members. */
export function TeamDetailPage() {
  const { teamId = '' } = useParams();
  const { tenant, canManage } = useTenant();
  const team = useTeam(tenant.slug, teamId);
  const page = usePagination(PAGE_SIZE, []);
  const members = useTeamMembers(tenant.slug, teamId, { limit: page.limit, offset: page.offset });
  const removeMember = useRemoveTeamMember(tenant.slug, teamId);
  const deleteTeam = useDeleteTeam(tenant.slug);
  const toast = useToast();
  const navigate = useNavigate();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [removing, setRemoving] = useState<TeamMember | null>(null);

  const back = <Link to={`/t/${tenant.slug}/teams`}>← All teams</Link>;
  if (team.isPending) return <LoadingState />;
  if (team.isError) {
    return (
      <>
        <PageHeader title="Team" back={back} />
        <ErrorState error={team.error} onRetry={() => team.refetch()} />
      </>
    );
  }
  const t = team.data;
  const addButton = canManage ? (
    <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
      Add member
    </button>
  ) : undefined;

  return (
    <>
      <PageHeader
        back={back}
        title={t.name}
        description={t.description || `Team ${t.slug}, created ${formatDate(t.created_at)}.`}
        actions={
          canManage && (
            <>
              <button type="button" className="btn" onClick={() => setEditing(true)}>
                Edit
              </button>
              <button type="button" className="btn btn-danger-ghost" onClick={() => setDeleting(true)}>
                Delete team
              </button>
              {addButton}
            </>
          )
        }
      />
      <section aria-labelledby="team-members-title">
        <h2 id="team-members-title" className="section-title">
          Members
        </h2>
        {members.isPending ? (
          <LoadingState />
        ) : members.isError ? (
          <ErrorState error={members.error} onRetry={() => members.refetch()} />
        ) : members.data.items.length === 0 ? (
          <EmptyState title="No members in this team" action={addButton}>
            {canManage ? 'Add tenant members to this team.' : 'An owner or admin can add members.'}
          </EmptyState>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table">
                <caption className="sr-only">Members of {t.name}</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Added</th>
                    {canManage && <th scope="col"><span className="sr-only">Actions</span></th>}
                  </tr>
                </thead>
                <tbody>
                  {members.data.items.map((m) => (
                    <tr key={m.user_id}>
                      <td>{m.name || <span className="muted">—</span>}</td>
                      <td>{m.email}</td>
                      <td>{formatDate(m.added_at)}</td>
                      {canManage && (
                        <td className="actions">
                          <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => setRemoving(m)}
                            aria-label={`Remove ${m.email} from the team`}>
                            Remove
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination total={members.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
              noun={["member", "members"]} />
          </>
        )}
      </section>
      <AddTeamMemberDialog open={adding} team={t} onClose={() => setAdding(false)} />
      <TeamFormDialog open={editing} team={t} onClose={() => setEditing(false)} />
      <ConfirmDialog
        open={removing !== null}
        title="Remove from team?"
        confirmLabel="Remove"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await removeMember.mutateAsync(removing.user_id);
          toast.success(`${removing.email} was removed from ${t.name}.`);
        }}
      >
        <p>
          Remove <strong>{removing?.email}</strong> from {t.name}? They stay a member of {tenant.name}.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={deleting}
        title="Delete team?"
        confirmLabel="Delete team"
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await deleteTeam.mutateAsync(t.id);
          toast.success(`Team ${t.name} was deleted.`);
          navigate(`/t/${tenant.slug}/teams`, { replace: true });
        }}
      >
        <p>
          Delete <strong>{t.name}</strong>? Its members stay in the tenant, but the team is gone for good.
        </p>
      </ConfirmDialog>
    </>
  );
}
