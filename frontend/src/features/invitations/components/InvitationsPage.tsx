import { useState } from 'react';
import { Badge, RoleBadge, type BadgeTone } from '../../../components/Badge';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { formatDateTime } from '../../../lib/format';
import { usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import type { Invitation, InvitationStatus } from '../../../lib/types';
import { useInvitations, useRevokeInvitation, useTeamOptions, type StatusFilter } from '../api/invitations';
import { InviteDialog } from './InviteDialog';

const PAGE_SIZE = 20;

const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'pending', label: 'Pending' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
  { value: 'all', label: 'All' },
];

const STATUS_TONE: Record<InvitationStatus, BadgeTone> = {
  pending: 'blue',
  accepted: 'green',
  expired: 'neutral',
  revoked: 'red',
};

const STATUS_LABEL: Record<InvitationStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** EMPTY says, per tab, that there is nothing to list and what would put something there. */
const EMPTY: Record<StatusFilter, { title: string; text: string }> = {
  pending: { title: 'No pending invitations', text: 'Invite people by email; their invitations wait here until they accept.' },
  accepted: { title: 'No accepted invitations yet', text: 'Invitations move here once the invited person joins.' },
  expired: { title: 'No expired invitations', text: 'Invitations that were not accepted in time are listed here.' },
  revoked: { title: 'No revoked invitations', text: 'Invitations you revoke are listed here; their links no longer work.' },
  all: { title: 'No invitations yet', text: 'Invite people by email to work in this tenant.' },
};

/** InvitationsPage lists invitations by status, sends new ones and revokes pending ones. */
export function InvitationsPage() {
  const { tenant, canManage } = useTenant();
  const [status, setStatus] = useState<StatusFilter>('pending');
  const page = usePagination(PAGE_SIZE, [status]);
  const invitations = useInvitations(tenant.slug, { status, limit: page.limit, offset: page.offset }, canManage);
  const teams = useTeamOptions(tenant.slug, canManage);
  const revoke = useRevokeInvitation(tenant.slug);
  const toast = useToast();
  const [inviting, setInviting] = useState(false);
  const [revoking, setRevoking] = useState<Invitation | null>(null);

  if (!canManage) return <ForbiddenState what="invitations" />;

  const teamName = (id: string | null) => (id ? (teams.data?.items.find((t) => t.id === id)?.name ?? '—') : '—');
  const inviteButton = (
    <button type="button" className="btn btn-primary" onClick={() => setInviting(true)}>
      Invite member
    </button>
  );

  return (
    <>
      <PageHeader title="Invitations" description="Invite people by email; the link is valid until it expires."
        actions={inviteButton} />
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Invitation status">
          {STATUS_FILTERS.map((s) => (
            <button key={s.value} type="button" className="segmented-item" aria-pressed={status === s.value}
              onClick={() => setStatus(s.value)}>
              {s.label}
            </button>
          ))}
        </div>
      </div>
      {invitations.isPending ? (
        <LoadingState />
      ) : invitations.isError ? (
        <ErrorState error={invitations.error} onRetry={() => invitations.refetch()} />
      ) : invitations.data.items.length === 0 ? (
        <EmptyState title={EMPTY[status].title}
          action={status === 'pending' || status === 'all' ? inviteButton : undefined}>
          {EMPTY[status].text}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Invitations</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Team</th>
                  <th scope="col">Invited by</th>
                  <th scope="col">Status</th>
                  <th scope="col">Expires</th>
                  <th scope="col"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {invitations.data.items.map((inv) => (
                  <tr key={inv.id}>
                    <td>{inv.email}</td>
                    <td>
                      <RoleBadge role={inv.role} />
                    </td>
                    <td>{teamName(inv.team_id)}</td>
                    <td>{inv.invited_by?.name || inv.invited_by?.email || '—'}</td>
                    <td>
                      <Badge tone={STATUS_TONE[inv.status] ?? 'neutral'}>{STATUS_LABEL[inv.status] ?? inv.status}</Badge>
                    </td>
                    <td>
                      {inv.status === 'accepted'
                        ? `Accepted ${formatDateTime(inv.accepted_at)}`
                        : inv.status === 'revoked'
                          ? <span className="muted">Revoked</span>
                          : formatDateTime(inv.expires_at)}
                    </td>
                    <td className="actions">
                      {inv.status === 'pending' && (
                        <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => setRevoking(inv)}
                          aria-label={`Revoke invitation for ${inv.email}`}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={invitations.data.total} limit={page.limit} offset={page.offset}
            onChange={page.setOffset} noun={["invitation", "invitations"]} />
        </>
      )}
      <InviteDialog open={inviting} onClose={() => setInviting(false)} />
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke invitation?"
        confirmLabel="Revoke invitation"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await revoke.mutateAsync(revoking.id);
          toast.success(`The invitation for ${revoking.email} was revoked.`);
        }}
      >
        <p>
          Revoke the invitation for <strong>{revoking?.email}</strong>? The link stops working at once.
        </p>
      </ConfirmDialog>
    </>
  );
}
