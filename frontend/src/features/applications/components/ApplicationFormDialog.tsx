import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { SelectField, TextAreaField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { Application } from '../../../lib/types';
import { checkRequired } from '../../../lib/validation';
import { useCreateApplication, useTeamOptions, useUpdateApplication } from '../api/applications';

type Field = 'team_id' | 'name' | 'description';

/** ApplicationFormDialog creates an application for a team, or edits one when `app` is given. */
export function ApplicationFormDialog({ open, app, onClose }: { open: boolean; app?: Application | null; onClose: () => void }) {
  const { tenant } = useTenant();
  const create = useCreateApplication(tenant.slug);
  const update = useUpdateApplication(tenant.slug);
  const mutation = app ? update : create;
  const teams = useTeamOptions(tenant.slug, open && !app);
  const toast = useToast();
  const navigate = useNavigate();
  const fe = useFormErrors<Field>(mutation);
  const [form, setForm] = useState({ team_id: '', name: '', description: '' });

  useEffect(() => {
    if (!open) return;
    setForm({ team_id: '', name: app?.name ?? '', description: app?.description ?? '' });
    fe.reset();
    create.reset();
    update.reset();
  }, [open, app]);

  const teamItems = teams.data?.items ?? [];
  useEffect(() => {
    if (open && !app && !form.team_id && teamItems.length === 1) setForm((f) => ({ ...f, team_id: teamItems[0].id }));
  }, [open, app, form.team_id, teamItems]);

  const set = (field: Field) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    setForm((f) => ({ ...f, [field]: e.target.value }));
    fe.clear(field);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      team_id: !app && !form.team_id ? 'Choose the team the application belongs to.' : undefined,
      name: checkRequired(form.name, 'a name'),
    };
    if (!fe.validate(found)) return;
    const input = { name: form.name.trim(), description: form.description.trim() };
    if (app) {
      update.mutate(
        { id: app.id, ...input },
        {
          onSuccess: (a) => {
            toast.success(`${a.name} was saved.`);
            onClose();
          },
        },
      );
    } else {
      create.mutate(
        { team_id: form.team_id, ...input },
        {
          onSuccess: (a) => {
            toast.success(`${a.name} was created.`);
            onClose();
            navigate(`/t/${tenant.slug}/applications/${a.id}`);
          },
        },
      );
    }
  };

  const title = app ? `Edit ${app.name}` : 'Create application';
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      footer={
        <FormDialogFooter form="application-form" label={app ? 'Save application' : 'Create application'} pending={mutation.isPending} onCancel={onClose} />
      }
    >
      <form id="application-form" onSubmit={onSubmit} noValidate aria-label={title}>
        <FormError error={fe.formError} fields={['team_id', 'name', 'description']} />
        {app ? (
          <TextField label="Team" value={app.team_name} readOnly disabled hint="An application stays with its team." />
        ) : (
          <SelectField label="Team" value={form.team_id} onChange={set('team_id')} error={fe.errors.team_id}
            disabled={teams.isPending}
            hint={teams.isError ? 'Teams could not be loaded.' : 'Choose a team you belong to; its members share the application.'}>
            <option value="">{teams.isPending ? 'Loading teams…' : 'Choose a team…'}</option>
            {teamItems.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
        )}
        <TextField label="Name" value={form.name} onChange={set('name')} error={fe.errors.name} />
        <TextAreaField label="Description (optional)" value={form.description} rows={3} onChange={set('description')}
          error={fe.errors.description} />
      </form>
    </Dialog>
  );
}
