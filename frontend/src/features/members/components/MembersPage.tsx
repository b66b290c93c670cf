import { useState } from 'react';
import { useNavigate } from 'react-router';
import { RoleBadge } from '../../../components/Badge';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { SearchInput } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { describeError } from '../../../lib/api';
import { formatDate, ROLE_LABELS } from '../../../lib/format';
import { useDebouncedValue, usePagination } from '../../../lib/hooks';
import { useSession } from '../../../lib/session';
import { useTenant } from '../../../lib/tenant';
import { ROLES, type Member, type Role } from '../../../lib/types';
import { useChangeRole, useMembers, useRemoveMember } from '../api/members';

const PAGE_SIZE = 20;

/** MembersPage lists a tenant's members; owners and admins change roles and remove members. */
export function MembersPage() {
  const { tenant, canManage, isOwner } = useTenant();
  const session = useSession();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const q = useDebouncedValue(search.trim());
  const page = usePagination(PAGE_SIZE, [q, role]);
  const members = useMembers(tenant.slug, { q, role, limit: page.limit, offset: page.offset });
  const changeRole = useChangeRole(tenant.slug);
  const remove = useRemoveMember(tenant.slug);
  const toast = useToast();
  const [removing, setRemoving] = useState<Member | null>(null);
  const [confirming, setConfirming] = useState<{ member: Member; role: Role } | null>(null);
  const navigate = useNavigate();
  const meId = session.user?.id;

  const applyRole = (m: Member, next: Role) =>
    changeRole.mutateAsync({ userId: m.user_id, role: next }).then(() => {
      toast.success(`${m.email} is now ${ROLE_LABELS[next].toLowerCase()}.`);
    });

  // Granting or taking away the owner role, and lowering one's own role, are hard to undo: ask first.
  const onRoleChange = (m: Member, next: Role) => {
    if (next === m.role) return;
    if (needsConfirmation(m, next, meId)) {
      setConfirming({ member: m, role: next });
      return;
    }
    applyRole(m, next).catch((err) => toast.error(`Could not change the role of ${m.email}: ${describeError(err)}`));
  };

  const filtered = q !== '' || role !== '';
  return (
    <>
      <PageHeader title="Members" description={`People with access to ${tenant.name}.`} />
      <div className="toolbar">
        <SearchInput label="Search members" value={search} onChange={setSearch} placeholder="Search by name or email" />
        <select className="input select" aria-label="Filter by role" value={role}
          onChange={(e) => setRole(e.target.value as Role | '')}>
          <option value="">All roles</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      {members.isPending ? (
        <LoadingState />
      ) : members.isError ? (
        <ErrorState error={members.error} onRetry={() => members.refetch()} />
      ) : members.data.items.length === 0 ? (
        <EmptyState title={filtered ? 'No members match your filters' : 'No members yet'}>
          {filtered ? 'Try another search or role.' : 'Invite people to work in this tenant.'}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Members</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Joined</th>
                  {canManage && <th scope="col"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {members.data.items.map((m) => {
                  const self = m.user_id === session.user?.id;
                  // Only owners may touch the owner role, in either direction.
                  const editable = canManage && (isOwner || m.role !== 'owner');
                  return (
                    <tr key={m.user_id}>
                      <td>
                        {m.name || <span className="muted">—</span>}
                        {self && <span className="muted"> (you)</span>}
                      </td>
                      <td>{m.email}</td>
                      <td>
                        {editable ? (
                          <select className="input select input-sm" aria-label={`Role of ${m.email}`} value={m.role}
                            disabled={changeRole.isPending} onChange={(e) => onRoleChange(m, e.target.value as Role)}>
                            {ROLES.map((r) => (
                              <option key={r} value={r} disabled={r === 'owner' && !isOwner}>
                                {ROLE_LABELS[r]}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <RoleBadge role={m.role} />
                        )}
                      </td>
                      <td>{formatDate(m.joined_at)}</td>
                      {canManage && (
                        <td className="actions">
                          {editable && (
                            <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => setRemoving(m)}
                              aria-label={self ? `Leave ${tenant.name}` : `Remove ${m.email}`}>
                              {self ? 'Leave' : 'Remove'}
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pagination total={members.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={["member", "members"]} />
        </>
      )}
      <ConfirmDialog
        open={removing !== null && removing.user_id !== meId}
        title="Remove member?"
        confirmLabel="Remove member"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await remove.mutateAsync(removing.user_id);
          toast.success(`${removing.email} was removed from ${tenant.name}.`);
        }}
      >
        <p>
          Remove <strong>{removing?.email}</strong> from {tenant.name}? They lose access to the tenant and leave all of
          its teams.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={removing !== null && removing.user_id === meId}
        title={`Leave ${tenant.name}?`}
        confirmLabel="Leave tenant"
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await remove.mutateAsync(removing.user_id);
          toast.success(`You left ${tenant.name}.`);
          navigate('/', { replace: true });
        }}
      >
        <p>
          Leave <strong>{tenant.name}</strong>? You lose access at once and leave all of its teams. To come back you need
          a new invitation.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming !== null}
        title="Change role?"
        confirmLabel="Change role"
        destructive={false}
        onClose={() => setConfirming(null)}
        onConfirm={() => (confirming ? applyRole(confirming.member, confirming.role) : undefined)}
      >
        {confirming && <p>{roleChangeText(confirming.member, confirming.role, meId, tenant.name)}</p>}
      </ConfirmDialog>
    </>
  );
}

/** needsConfirmation tells the role changes that are asked about first: owner granted or removed, or one's own demotion. */
export function needsConfirmation(m: Member, next: Role, meId: string | undefined): boolean {
  if (m.role === 'owner' || next === 'owner') return true;
  return m.user_id === meId && ROLES.indexOf(next) > ROLES.indexOf(m.role);
}

function roleChangeText(m: Member, next: Role, meId: string | undefined, tenantName: string): string {
  const label = ROLE_LABELS[next].toLowerCase();
  const self = m.user_id === meId;
  if (next === 'owner') {
    return `Make ${m.email} an owner of ${tenantName}? Owners can do everything, including removing other owners.`;
  }
  if (m.role === 'owner') {
    return self
      ? `Give up the owner role and become ${label}? Only another owner can make you owner again.`
      : `Take the owner role from ${m.email}? They become ${label}.`;
  }
  return `Lower your own role to ${label}? You may lose access to pages you use now, and only an owner or admin can give it back.`;
}
