import { useEffect, useState, type FormEvent } from 'react';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { TextAreaField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { useTenant } from '../../../lib/tenant';
import type { Team } from '../../../lib/types';
import { useFormErrors } from '../../../lib/forms';
import { checkRequired, checkSlug } from '../../../lib/validation';
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
  const fe = useFormErrors<Field>(mutation);

  useEffect(() => {
    if (!open) return;
    setForm({ name: team?.name ?? '', slug: '', description: team?.description ?? '' });
    fe.reset();
    create.reset();
    update.reset();
  }, [open, team]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      name: checkRequired(form.name, 'a name'),
      slug: team ? undefined : checkSlug(form.slug.trim()),
    };
    if (!fe.validate(found)) return;
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

  const set = (field: Field) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    setForm((f) => ({ ...f, [field]: e.target.value }));
    fe.clear(field);
    // The slug is derived from the name when empty, so a complaint about the slug may be cured by the name.
    if (field === 'name' && !form.slug) fe.clear('slug');
  };
  const errors = fe.errors;
  const title = team ? `Edit team ${team.name}` : 'Create team';
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <FormDialogFooter form="team-form" label={team ? 'Save team' : 'Create team'} pending={mutation.isPending} onCancel={onClose} />
      }
    >
      <form id="team-form" onSubmit={onSubmit} noValidate aria-label={title}>
        <FormError error={fe.formError} fields={['name', 'slug', 'description']} />
        <TextField label="Name" value={form.name} onChange={set('name')} error={errors.name} />
        {!team && (
          <TextField label="Slug (optional)" value={form.slug} onChange={set('slug')} error={errors.slug}
            hint="Derived from the name when left empty." />
        )}
        <TextAreaField label="Description (optional)" value={form.description} onChange={set('description')}
          error={errors.description} rows={3} />
      </form>
    </Dialog>
  );
}
