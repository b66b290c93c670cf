import { useEffect, useState, type FormEvent } from 'react';
import { CopyOnceDialog } from '../../../components/CopyOnceDialog';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { CheckboxField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { slugify } from '../../../lib/format';
import { useFormErrors } from '../../../lib/forms';
import type { Tenant } from '../../../lib/types';
import { checkEmail, checkRequired, checkSlug } from '../../../lib/validation';
import { useCreateTenant } from '../api/tenants';

type Field = 'name' | 'slug' | 'owner_email' | 'allow_signup';

/**
 * CreateTenantDialog creates a tenant, optionally with an owner (an existing user, or an invitation). When an owner
 * is invited the server answers with the invitation link once, and it is shown then.
 */
export function CreateTenantDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateTenant();
  const toast = useToast();
  const fe = useFormErrors<Field>(create);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [allowSignup, setAllowSignup] = useState(false);
  const [ownerEmail, setOwnerEmail] = useState('');
  const [created, setCreated] = useState<{ tenant: Tenant; email: string } | null>(null);

  useEffect(() => {
    if (!open) return;
    setName('');
    setSlug('');
    setSlugTouched(false);
    setAllowSignup(false);
    setOwnerEmail('');
    setCreated(null);
    fe.reset();
    create.reset();
  }, [open]);

  const effectiveSlug = slugTouched ? slug : slugify(name);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found = {
      name: checkRequired(name, 'a name'),
      slug: checkRequired(effectiveSlug, 'a slug') ?? checkSlug(effectiveSlug),
      owner_email: ownerEmail.trim() ? checkEmail(ownerEmail) : undefined,
    };
    if (!fe.validate(found)) return;
    const email = ownerEmail.trim();
    create.mutate(
      { name: name.trim(), slug: effectiveSlug, allow_signup: allowSignup, ...(email ? { owner_email: email } : {}) },
      {
        onSuccess: (t) => {
          if (t.accept_url) {
            setCreated({ tenant: t, email });
          } else {
            toast.success(`Tenant ${t.name} was created.`);
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
        open={open && created === null}
        title="Create tenant"
        onClose={onClose}
        footer={
          <FormDialogFooter form="create-tenant-form" label="Create tenant" pending={create.isPending} pendingLabel="Creating…" onCancel={onClose} />
        }
      >
        <form id="create-tenant-form" onSubmit={onSubmit} noValidate aria-label="Create tenant">
          <FormError error={fe.formError} fields={['name', 'slug', 'owner_email', 'allow_signup']} />
          <TextField label="Name" value={name}
            onChange={(e) => {
              setName(e.target.value);
              fe.clear('name');
              if (!slugTouched) fe.clear('slug');
            }}
            error={errors.name} />
          <TextField label="Slug" value={effectiveSlug}
            onChange={(e) => {
              setSlugTouched(true);
              setSlug(e.target.value);
              fe.clear('slug');
            }}
            error={errors.slug} hint="Used in URLs; lowercase letters, digits and dashes." />
          <TextField label="Owner email (optional)" type="email" value={ownerEmail}
            onChange={(e) => {
              setOwnerEmail(e.target.value);
              fe.clear('owner_email');
            }}
            error={errors.owner_email} hint="An existing user becomes owner; anyone else is invited as owner." />
          <CheckboxField label="Allow sign-up" checked={allowSignup} onChange={(e) => setAllowSignup(e.target.checked)}
            hint="Let anyone create a developer account in this tenant." error={errors.allow_signup} />
        </form>
      </Dialog>
      <CopyOnceDialog
        open={open && created !== null}
        title={`Tenant ${created?.tenant.name ?? ''} was created`}
        label="Owner invitation link"
        copyLabel="Copy link"
        value={created?.tenant.accept_url ?? ''}
        warning="It is shown only now: the link cannot be displayed again."
        onClose={() => {
          setCreated(null);
          onClose();
        }}
      >
        <p>
          <strong>{created?.email}</strong> has no account yet, so they were invited as owner. We emailed this link to{' '}
          {created?.email} if email is configured; you can also share it yourself.
        </p>
      </CopyOnceDialog>
    </>
  );
}
