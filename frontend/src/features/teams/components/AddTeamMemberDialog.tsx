import { useEffect, useState, type FormEvent } from 'react';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError, serverFieldErrors } from '../../../components/FormError';
import { plural } from '../../../lib/format';
import { SelectField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { useDebouncedValue } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import type { Team } from '../../../lib/types';
import { useAddTeamMember, useMemberCandidates, useTeamMembers } from '../api/teams';

/** AddTeamMemberDialog finds a tenant member and adds them to a team. */
export function AddTeamMemberDialog({ open, team, onClose }: { open: boolean; team: Team; onClose: () => void }) {
  const { tenant } = useTenant();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim());
  const candidates = useMemberCandidates(tenant.slug, q, open);
  // Everyone already in the team is left out of the choice (a team rarely has more than 200 members).
  const inTeam = useTeamMembers(tenant.slug, team.id, { limit: 200, offset: 0 });
  const add = useAddTeamMember(tenant.slug, team.id);
  const toast = useToast();
  const [userId, setUserId] = useState('');
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!open) return;
    setSearch('');
    setUserId('');
    setError(undefined);
    add.reset();
  }, [open]);

  const already = new Set((inTeam.data?.items ?? []).map((m) => m.user_id));
  const items = (candidates.data?.items ?? []).filter((m) => !already.has(m.user_id));
  const hidden = (candidates.data?.items.length ?? 0) - items.length;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!userId) {
      setError('Choose a member.');
      return;
    }
    setError(undefined);
    const member = items.find((m) => m.user_id === userId);
    add.mutate(userId, {
      onSuccess: () => {
        toast.success(`${member?.email ?? 'The member'} was added to ${team.name}.`);
        onClose();
      },
    });
  };

  return (
    <Dialog
      open={open}
      title={`Add member to ${team.name}`}
      onClose={onClose}
      footer={
        <FormDialogFooter form="add-team-member-form" label="Add to team" pending={add.isPending} pendingLabel="Adding…" onCancel={onClose} />
      }
    >
      <form id="add-team-member-form" onSubmit={onSubmit} noValidate aria-label="Add team member">
        <FormError error={add.error} fields={['user_id']} />
        <TextField label="Find member" type="search" value={search} onChange={(e) => {
          setSearch(e.target.value);
          setError(undefined);
        }}
          placeholder="Name or email" />
        <SelectField label="Member" value={userId} onChange={(e) => {
          setUserId(e.target.value);
          setError(undefined);
          add.reset();
        }}
          error={error ?? serverFieldErrors(add.error).user_id}
          hint={
            candidates.isError
              ? 'Members could not be loaded.'
              : `${plural(items.length, ['member', 'members'])} found${hidden > 0 ? ` (${hidden} already in the team not shown)` : ''}.`
          }>
          <option value="">
            {candidates.isPending ? 'Loading members…' : items.length === 0 ? 'Nobody to add' : 'Choose a member…'}
          </option>
          {items.map((m) => (
            <option key={m.user_id} value={m.user_id}>
              {m.name ? `${m.name} (${m.email})` : m.email}
            </option>
          ))}
        </SelectField>
      </form>
    </Dialog>
  );
}
