import { useEffect, useState, type FormEvent } from 'react';
import { Dialog } from '../../../components/Dialog';
import { FormError, serverFieldErrors } from '../../../components/FormError';
import { CheckboxField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { slugify } from '../../../lib/format';
import { checkEmail, checkRequired, checkSlug, hasErrors, type Errors } from '../../../lib/validation';
import { useCreateTenant } from '../api/tenants';

type Field = 'name' | 'slug' | 'owner_email';

/** CreateTenantDialog creates a tenant, optionally with an owner (an existing user, or an invitation). */
export function CreateTenantDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateTenant();
  const toast = useToast();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [allowSignup, setAllowSignup] = useState(false);
  const [ownerEmail, setOwnerEmail] = useState('');
  const [errors, setErrors] = useState<Errors<Field>>({});

  useEffect(() => {
    if (!open) return;
    setName('');
    setSlug('');
    setSlugTouched(false);
    setAllowSignup(false);
    setOwnerEmail('');
    setErrors({});
    create.reset();
  }, [open]);

  const effectiveSlug = slugTouched ? slug : slugify(name);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const found: Errors<Field> = {
      name: checkRequired(name, 'a name'),
      slug: checkRequired(effectiveSlug, 'a slug') ?? checkSlug(effectiveSlug),
      owner_email: ownerEmail.trim() ? checkEmail(ownerEmail) : undefined,
    };
    setErrors(found);
    if (hasErrors(found)) return;
    create.mutate(
      {
        name: name.trim(),
        slug: effectiveSlug,
        allow_signup: allowSignup,
        ...(ownerEmail.trim() ? { owner_email: ownerEmail.trim() } : {}),
      },
      {
        onSuccess: (t) => {
          toast.success(`Tenant ${t.name} was created.`);
          onClose();
        },
      },
    );
  };

  const server = serverFieldErrors(create.error);
  return (
    <Dialog
      open={open}
      title="Create tenant"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="create-tenant-form" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create tenant'}
          </button>
        </>
      }
    >
      <form id="create-tenant-form" onSubmit={onSubmit} noValidate aria-label="Create tenant">
        <FormError error={create.error} fields={['name', 'slug', 'owner_email', 'allow_signup']} />
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name ?? server.name} />
        <TextField label="Slug" value={effectiveSlug}
          onChange={(e) => {
            setSlugTouched(true);
            setSlug(e.target.value);
          }}
          error={errors.slug ?? server.slug} hint="Used in URLs; lowercase letters, digits and dashes." />
        <TextField label="Owner email (optional)" type="email" value={ownerEmail}
          onChange={(e) => setOwnerEmail(e.target.value)} error={errors.owner_email ?? server.owner_email}
          hint="An existing user becomes owner; anyone else is invited as owner." />
        <CheckboxField label="Allow sign-up" checked={allowSignup} onChange={(e) => setAllowSignup(e.target.checked)}
          hint="Let anyone create a developer account in this tenant." />
      </form>
    </Dialog>
  );
}
