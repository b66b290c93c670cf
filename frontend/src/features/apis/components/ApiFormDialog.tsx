import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/FormField';
import { useToast } from '../../../components/Toast';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { Api, Visibility } from '../../../lib/types';
import { checkRequired, checkSlug, type Errors } from '../../../lib/validation';
import { useCreateApi, useTeamOptions, useUpdateApi, type ApiInput } from '../api/apis';

type Field =
  | 'team_id'
  | 'name'
  | 'slug'
  | 'description'
  | 'base_path'
  | 'host'
  | 'upstream_url'
  | 'timeout_ms'
  | 'visibility'
  | 'visible_team_ids'
  | 'tags'
  | 'allow_query_key';

const FIELDS: Field[] = [
  'team_id',
  'name',
  'slug',
  'description',
  'base_path',
  'host',
  'upstream_url',
  'timeout_ms',
  'visibility',
  'visible_team_ids',
  'tags',
  'allow_query_key',
];

interface FormState {
  team_id: string;
  name: string;
  slug: string;
  description: string;
  base_path: string;
  host: string;
  upstream_url: string;
  timeout_ms: string;
  visibility: Visibility;
  visible_team_ids: string[];
  tags: string;
  allow_query_key: boolean;
}

const empty: FormState = {
  team_id: '',
  name: '',
  slug: '',
  description: '',
  base_path: '',
  host: '',
  upstream_url: '',
  timeout_ms: '30000',
  visibility: 'public',
  visible_team_ids: [],
  tags: '',
  allow_query_key: false,
};

function fromApi(a: Api): FormState {
  return {
    team_id: a.team_id,
    name: a.name,
    slug: a.slug,
    description: a.description,
    base_path: a.base_path,
    host: a.host ?? '',
    upstream_url: a.upstream_url,
    timeout_ms: String(a.timeout_ms),
    visibility: a.visibility,
    visible_team_ids: a.visible_team_ids ?? [],
    tags: (a.tags ?? []).join(', '),
    allow_query_key: a.allow_query_key ?? false,
  };
}

/** parseTags reads a comma-separated list of tags, lowercased and without duplicates. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(',')) {
    const tag = t.trim().toLowerCase();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/** checkApi mirrors the server's checks of an API, so the common mistakes show before a round trip. */
export function checkApi(form: FormState, creating: boolean): Errors<Field> {
  const timeout = Number(form.timeout_ms);
  const upstream = form.upstream_url.trim();
  return {
    team_id: creating && !form.team_id ? 'Choose the team that owns the API.' : undefined,
    name: checkRequired(form.name, 'a name'),
    slug: checkSlug(form.slug.trim()),
    base_path: !form.base_path.trim()
      ? 'Enter a base path, like /weather.'
      : !form.base_path.trim().startsWith('/')
        ? 'The base path must start with /.'
        : undefined,
    host: /[:/\s]/.test(form.host.trim())
      ? 'Enter the host name alone, like weather.example.com (no scheme, port or path).'
      : undefined,
    upstream_url: !upstream
      ? 'Enter the upstream URL, like https://api.internal.example.com.'
      : !/^https?:\/\/[^/\s]+/i.test(upstream)
        ? 'The upstream URL must start with http:// or https://.'
        : undefined,
    timeout_ms:
      !Number.isInteger(timeout) || timeout < 100 || timeout > 300000
        ? 'Enter a timeout between 100 and 300000 milliseconds.'
        : undefined,
    visible_team_ids: undefined,
  };
}

/** ApiFormDialog registers an API (as a draft) or edits one when `api` is given. */
export function ApiFormDialog({ open, api, onClose }: { open: boolean; api?: Api | null; onClose: () => void }) {
  const { tenant, canManage, teamIds } = useTenant();
  const create = useCreateApi(tenant.slug);
  const update = useUpdateApi(tenant.slug, api?.id ?? '');
  const mutation = api ? update : create;
  const teams = useTeamOptions(tenant.slug, open);
  const toast = useToast();
  const navigate = useNavigate();
  const [form, setForm] = useState<FormState>(empty);
  const fe = useFormErrors<Field>(mutation);

  useEffect(() => {
    if (!open) return;
    setForm(api ? fromApi(api) : empty);
    fe.reset();
    create.reset();
    update.reset();
  }, [open, api]);

  const set = <K extends keyof FormState>(field: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [field]: value }));
    fe.clear(field as Field);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!fe.validate(checkApi(form, !api))) return;
    const input: ApiInput = {
      name: form.name.trim(),
      description: form.description.trim(),
      base_path: form.base_path.trim(),
      host: form.host.trim(),
      upstream_url: form.upstream_url.trim(),
      timeout_ms: Number(form.timeout_ms),
      visibility: form.visibility,
      visible_team_ids: form.visibility === 'private' ? form.visible_team_ids : [],
      tags: parseTags(form.tags),
      allow_query_key: form.allow_query_key,
      ...(form.slug.trim() ? { slug: form.slug.trim() } : {}),
    };
    if (api) {
      update.mutate(input, {
        onSuccess: (a) => {
          toast.success(`${a.name} was saved.`);
          onClose();
        },
      });
    } else {
      create.mutate(
        { ...input, team_id: form.team_id },
        {
          onSuccess: (a) => {
            toast.success(`${a.name} was registered as a draft.`);
            onClose();
            navigate(`/t/${tenant.slug}/apis/${a.id}`);
          },
        },
      );
    }
  };

  const title = api ? `Edit ${api.name}` : 'Register API';
  const teamItems = teams.data?.items ?? [];
  // Admins register APIs for any team; other members only for their own teams.
  const ownerTeams = canManage ? teamItems : teamItems.filter((t) => teamIds.includes(t.id));
  const errors = fe.errors;
  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      size="lg"
      footer={<FormDialogFooter form="api-form" label={api ? 'Save API' : 'Register API'} pending={mutation.isPending} onCancel={onClose} />}
    >
      <form id="api-form" onSubmit={onSubmit} noValidate aria-label={title}>
        <FormError error={fe.formError} fields={FIELDS} />
        <div className="grid-2">
          {!api ? (
            <SelectField label="Owning team" value={form.team_id} onChange={(e) => set('team_id', e.target.value)}
              error={errors.team_id} disabled={teams.isPending}
              hint={teams.isError ? 'Teams could not be loaded.' : 'Members of this team manage the API.'}>
              <option value="">{teams.isPending ? 'Loading teams…' : 'Choose a team…'}</option>
              {ownerTeams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </SelectField>
          ) : (
            <TextField label="Owning team" value={api.team_name} readOnly disabled hint="The owning team cannot change." />
          )}
          <TextField label="Name" value={form.name} onChange={(e) => set('name', e.target.value)} error={errors.name} />
          <TextField label="Slug (optional)" value={form.slug} onChange={(e) => set('slug', e.target.value)}
            error={errors.slug} hint="Derived from the name when left empty." />
          <TextField label="Base path" value={form.base_path} onChange={(e) => set('base_path', e.target.value)}
            error={errors.base_path} placeholder="/weather" hint="Callers reach the API at the gateway under this path." />
          <TextField label="Host (optional)" value={form.host} onChange={(e) => set('host', e.target.value)}
            error={errors.host} placeholder="weather.example.com"
            hint="A domain of yours pointed at the gateway: calls there reach the API by base path, without the organisation in the path." />
          <TextField label="Upstream URL" type="url" value={form.upstream_url}
            onChange={(e) => set('upstream_url', e.target.value)} error={errors.upstream_url}
            placeholder="https://api.internal.example.com" hint="Where the gateway forwards calls." />
          <TextField label="Timeout (ms)" type="number" inputMode="numeric" min={100} max={300000}
            value={form.timeout_ms} onChange={(e) => set('timeout_ms', e.target.value)} error={errors.timeout_ms}
            hint="100 to 300000: how long the upstream may take to start answering before the gateway answers 504." />
        </div>
        <TextAreaField label="Description (optional)" value={form.description} rows={3}
          onChange={(e) => set('description', e.target.value)} error={errors.description} />
        <TextField label="Tags (optional)" value={form.tags} onChange={(e) => set('tags', e.target.value)}
          error={errors.tags} placeholder="weather, maps" hint="Separate tags with commas." />
        <SelectField label="Visibility" value={form.visibility}
          onChange={(e) => set('visibility', e.target.value as Visibility)} error={errors.visibility}
          hint={form.visibility === 'public' ? 'Every member of the tenant sees it once published.' : 'Only the owning team and the teams chosen below see it.'}>
          <option value="public">Public in this tenant</option>
          <option value="private">Private: chosen teams only</option>
        </SelectField>
        <CheckboxField label="Accept the key in the query string" checked={form.allow_query_key}
          onChange={(e) => set('allow_query_key', e.target.checked)} error={errors.allow_query_key}
          hint="Lets callers send ?api_key=… when they cannot set headers. Off by default: URLs end up in logs." />
        {form.visibility === 'private' && (
          <fieldset className="fieldset">
            <legend className="field-label">Visible to teams</legend>
            {teamItems.length === 0 && <p className="muted small">No teams to choose from.</p>}
            {teamItems.map((t) => (
              <CheckboxField key={t.id} label={t.name} checked={form.visible_team_ids.includes(t.id)}
                onChange={(e) =>
                  set(
                    'visible_team_ids',
                    e.target.checked ? [...form.visible_team_ids, t.id] : form.visible_team_ids.filter((x) => x !== t.id),
                  )
                } />
            ))}
            {errors.visible_team_ids && <p className="field-error">{errors.visible_team_ids}</p>}
          </fieldset>
        )}
      </form>
    </Dialog>
  );
}
