import { useEffect, useState, type FormEvent } from 'react';
import { CopyOnceDialog } from '../../../components/CopyOnceDialog';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { SelectField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { ROLE_LABELS } from '../../../lib/format';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import { ROLES, type Invitation, type Role } from '../../../lib/types';
import { checkEmail } from '../../../lib/validation';
import { useCreateInvitation, useTeamOptions } from '../api/invitations';

type Field = 'email' | 'role' | 'team_id';

/**
 * InviteDialog invites someone by email with a role and, optionally, a team to join. The server answers with the
 * invitation link once; it is shown then, to copy and share by hand when no email goes out.
 */
export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { tenant, isOwner } = useTenant();
  const create = useCreateInvitation(tenant.slug);
  const teams = useTeamOptions(tenant.slug);
  const toast = useToast();
  const fe = useFormErrors<Field>(create);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('developer');
  const [teamId, setTeamId] = useState('');
  const [sent, setSent] = useState<Invitation | null>(null);

  useEffect(() => {
    if (!open) return;
    setEmail('');
    setRole('developer');
    setTeamId('');
    setSent(null);
    fe.reset();
    create.reset();
  }, [open]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!fe.validate({ email: checkEmail(email) })) return;
    create.mutate(
      { email: email.trim(), role, ...(teamId ? { team_id: teamId } : {}) },
      {
        onSuccess: (inv) => {
          if (inv.accept_url) {
            setSent(inv);
          } else {
            toast.success(`Invitation sent to ${inv.email}.`);
            onClose();
          }
        },
      },
    );
  };

  const errors = fe.errors;
  return (
    <>
      <Dialog
        open={open && sent === null}
        title="Invite member"
        onClose={onClose}
        footer={
          <FormDialogFooter form="invite-form" label="Send invitation" pending={create.isPending} pendingLabel="Sending…" onCancel={onClose} />
        }
      >
        <form id="invite-form" onSubmit={onSubmit} noValidate aria-label="Invite member">
          <FormError error={fe.formError} fields={['email', 'role', 'team_id']} />
          <TextField label="Email" type="email" autoComplete="off" value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              fe.clear('email');
            }}
            error={errors.email} />
          <SelectField label="Role" value={role} onChange={(e) => {
            setRole(e.target.value as Role);
            fe.clear('role');
          }} error={errors.role}
            hint="Owners and admins manage the tenant; billing and developers can read it.">
            {ROLES.map((r) => (
              <option key={r} value={r} disabled={r === 'owner' && !isOwner}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </SelectField>
          <SelectField label="Team (optional)" value={teamId} onChange={(e) => {
            setTeamId(e.target.value);
            fe.clear('team_id');
          }}
            error={errors.team_id} disabled={teams.isPending || teams.isError}
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
      <CopyOnceDialog
        open={open && sent !== null}
        title="Invitation created"
        label="Invitation link"
        copyLabel="Copy link"
        value={sent?.accept_url ?? ''}
        warning="It is shown only now: the link cannot be displayed again."
        onClose={() => {
          if (sent) toast.success(`${sent.email} was invited.`);
          setSent(null);
          onClose();
        }}
      >
        <p>
          We emailed this link to <strong>{sent?.email}</strong> if email is configured; you can also share it yourself.
          Whoever opens it can join {tenant.name} as {sent ? ROLE_LABELS[sent.role].toLowerCase() : ''}.
        </p>
      </CopyOnceDialog>
    </>
  );
}
