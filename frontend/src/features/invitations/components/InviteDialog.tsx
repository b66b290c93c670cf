import { useEffect, useState, type FormEvent } from 'react';
import { Dialog } from '../../../components/Dialog';
import { FormError, serverFieldErrors } from '../../../components/FormError';
import { SelectField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { ROLE_LABELS } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import { ROLES, type Role } from '../../../lib/types';
import { checkEmail } from '../../../lib/validation';
import { useCreateInvitation, useTeamOptions } from '../api/invitations';

/** InviteDialog invites someone by email with a role and, optionally, a team to join. */
export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { tenant, isOwner } = useTenant();
  const create = useCreateInvitation(tenant.slug);
  const teams = useTeamOptions(tenant.slug);
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('developer');
  const [teamId, setTeamId] = useState('');
  const [emailError, setEmailError] = useState<string>();

  useEffect(() => {
    if (!open) return;
    setEmail('');
    setRole('developer');
    setTeamId('');
    setEmailError(undefined);
    create.reset();
  }, [open]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const err = checkEmail(email);
    setEmailError(err);
    if (err) return;
    create.mutate(
      { email: email.trim(), role, ...(teamId ? { team_id: teamId } : {}) },
      {
        onSuccess: (inv) => {
          toast.success(`Invitation sent to ${inv.email}.`);
          onClose();
        },
      },
    );
  };

  const server = serverFieldErrors(create.error);
  return (
    <Dialog
      open={open}
      title="Invite member"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="invite-form" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Sending…' : 'Send invitation'}
          </button>
        </>
      }
    >
      <form id="invite-form" onSubmit={onSubmit} noValidate aria-label="Invite member">
        <FormError error={create.error} fields={['email', 'role', 'team_id']} />
        <TextField label="Email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)}
          error={emailError ?? server.email} />
        <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} error={server.role}
          hint="Owners and admins manage the tenant; billing and developers can read it.">
          {ROLES.map((r) => (
            <option key={r} value={r} disabled={r === 'owner' && !isOwner}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Team (optional)" value={teamId} onChange={(e) => setTeamId(e.target.value)}
          error={server.team_id} disabled={teams.isPending || teams.isError}
          hint={teams.isError ? 'Teams could not be loaded.' : 'The new member joins this team when they accept.'}>
          <option value="">No team</option>
          {teams.data?.items.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
      </form>
    </Dialog>
  );
}
