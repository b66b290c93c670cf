import { useEffect, useState, type FormEvent } from 'react';
import { Dialog } from '../../../components/Dialog';
import { FormError, serverFieldErrors } from '../../../components/FormError';
import { TextAreaField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { useTenant } from '../../../lib/tenant';
import type { Team } from '../../../lib/types';
import { checkRequired, checkSlug, hasErrors, type Errors } from '../../../lib/validation';
import { useCreateTeam, useUpdateTeam } from '../api/teams';

type Field = 'name' | 'slug' | 'description';

/** TeamFormDialog creates a team, or edits one when `team` is given. */
export function TeamFormDialog({ open, team, onClose }: { open: boolean; team?: Team | null; onClose: () => void }) {
  const { tenant } = useTenant();
  const create = useCreateTeam(tenant.slug);
  const update = useUpdateTeam(tenant.slug);
  const mutation = team ? update : create;
  const toast = useToast();
  const [form, setForm] = useState({ name: '', slug: '', description: '' });
  const [errors, setErrors] = useState<Errors<Field>>({});

  useEffect(() => {
    if (!open) return;
    setForm({ name: team?.name ?? '', slug: '', description: team?.description ?? '' });
    setErrors({});
    create.reset();
    update.reset();
  }, [open, team]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Errors<Field> = {
      name: checkRequired(form.name, 'a name'),
      slug: team ? undefined : checkSlug(form.slug.trim()),
    };
    setErrors(found);
    if (hasErrors(found)) return;
    const done = (t: Team) => {
      toast.success(team ? `Team ${t.name} was saved.` : `Team ${t.name} was created.`);
      onClose();
    };
    if (team) {
      update.mutate({ id: team.id, name: form.name.trim(), description: form.description.trim() }, { onSuccess: done });
    } else {
      create.mutate(
        {
          name: form.name.trim(),
          description: form.description.trim(),
          ...(form.slug.trim() ? { slug: form.slug.trim() } : {}),
        },
        { onSuccess: done },
      );
    }
  };

  const set = (field: Field) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  const server = serverFieldErrors(mutation.error);
  const title = team ? `Edit team ${team.name}` : 'Create team';
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="team-form" className="btn btn-primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Saving…' : team ? 'Save team' : 'Create team'}
          </button>
        </>
      }
    >
      <form id="team-form" onSubmit={onSubmit} noValidate aria-label={title}>
        <FormError error={mutation.error} fields={['name', 'slug', 'description']} />
        <TextField label="Name" value={form.name} onChange={set('name')} error={errors.name ?? server.name} />
        {!team && (
          <TextField label="Slug (optional)" value={form.slug} onChange={set('slug')} error={errors.slug ?? server.slug}
            hint="Derived from the name when left empty." />
        )}
        <TextAreaField label="Description (optional)" value={form.description} onChange={set('description')}
          error={server.description} rows={3} />
      </form>
    </Dialog>
  );
}
