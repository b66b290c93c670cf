import { useEffect, useId, useState, type FormEvent } from 'react';
import { Dialog, FormDialogFooter } from '../../../components/Dialog';
import { FormError } from '../../../components/FormError';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/FormField';
import { useFormErrors } from '../../../lib/forms';
import { useTenant } from '../../../lib/tenant';
import type { CreatedWebhookEndpoint, Team, WebhookEndpoint } from '../../../lib/types';
import { useCreateEndpoint, useUpdateEndpoint } from '../api/webhooks';
import { checkEndpoint, eventsOf, toggle, WEBHOOK_EVENTS, type EndpointField, type EndpointForm, type EventChoice } from '../endpoints';

const FIELDS: EndpointField[] = ['url', 'description', 'events', 'team_id'];

function fromEndpoint(e: WebhookEndpoint | null | undefined, teamId: string): EndpointForm {
  if (!e) return { url: '', description: '', choice: 'all', events: [], teamId, enabled: true };
  return {
    url: e.url,
    description: e.description,
    choice: e.events.length === 0 ? 'all' : 'some',
    events: e.events,
    teamId: e.team_id ?? '',
    enabled: e.enabled,
  };
}

/** EventsFieldset chooses every event (kinds added later too) or some of them. */
function EventsFieldset({
  form,
  error,
  onChange,
}: {
  form: EndpointForm;
  error?: string;
  onChange: (next: Pick<EndpointForm, 'choice' | 'events'>) => void;
}) {
  const name = useId();
  const choose = (choice: EventChoice) => onChange({ choice, events: form.events });
  return (
    <fieldset className={error ? 'fieldset field-invalid' : 'fieldset'}>
      <legend className="field-label">Events</legend>
      <div className="radio-row">
        <label>
          <input type="radio" name={name} checked={form.choice === 'all'} onChange={() => choose('all')} /> Every event, kinds
          added later too
        </label>
        <label>
          <input type="radio" name={name} checked={form.choice === 'some'} onChange={() => choose('some')} /> Only these events
        </label>
      </div>
      {form.choice === 'some' && (
        <div className="check-grid">
          {WEBHOOK_EVENTS.map((k) => (
            <CheckboxField key={k.kind} label={k.label} hint={<code>{k.kind}</code>} checked={form.events.includes(k.kind)}
              onChange={(e) => onChange({ choice: 'some', events: toggle(form.events, k.kind, e.target.checked) })} />
          ))}
        </div>
      )}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

/**
 * EndpointFormDialog registers a webhook endpoint, or edits one when `endpoint` is given. Admins may register a
 * tenant-wide endpoint; everyone else names one of their teams. A new endpoint's secret goes to onCreated.
 */
export function EndpointFormDialog({
  open,
  endpoint,
  teams,
  onClose,
  onCreated,
}: {
  open: boolean;
  endpoint?: WebhookEndpoint | null;
  /** The teams the caller may register an endpoint for. */
  teams: Team[];
  onClose: () => void;
  onCreated?: (created: CreatedWebhookEndpoint) => void;
}) {
  const { tenant, canManage } = useTenant();
  const create = useCreateEndpoint(tenant.slug);
  const update = useUpdateEndpoint(tenant.slug);
  const mutation = endpoint ? update : create;
  const fe = useFormErrors<EndpointField>(mutation);
  const defaultTeam = canManage || teams.length !== 1 ? '' : teams[0].id;
  const [form, setForm] = useState<EndpointForm>(() => fromEndpoint(endpoint, defaultTeam));

  useEffect(() => {
    if (!open) return;
    setForm(fromEndpoint(endpoint, defaultTeam));
    fe.reset();
    create.reset();
    update.reset();
  }, [open, endpoint]);

  const set = <K extends keyof EndpointForm>(field: K, value: EndpointForm[K], clears: EndpointField) => {
    setForm((f) => ({ ...f, [field]: value }));
    fe.clear(clears);
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!fe.validate(checkEndpoint(form, { creating: !endpoint, teamRequired: !canManage }))) return;
    const base = { url: form.url.trim(), description: form.description.trim(), events: eventsOf(form) };
    if (endpoint) {
      update.mutate({ id: endpoint.id, ...base, enabled: form.enabled }, { onSuccess: onClose });
    } else {
      create.mutate(form.teamId ? { ...base, team_id: form.teamId } : base, {
        onSuccess: (created) => {
          onClose();
          onCreated?.(created);
        },
      });
    }
  };

  const title = endpoint ? 'Edit webhook endpoint' : 'Add webhook endpoint';
  const errors = fe.errors;
  return (
    <Dialog open={open} title={title} onClose={onClose} size="lg"
      footer={<FormDialogFooter form="endpoint-form" label={endpoint ? 'Save endpoint' : 'Add endpoint'} pending={mutation.isPending}
        onCancel={onClose} />}>
      <form id="endpoint-form" onSubmit={onSubmit} noValidate aria-label={title}>
        <FormError error={fe.formError} fields={FIELDS} />
        <TextField label="URL" type="url" value={form.url} placeholder="https://example.com/hooks/tollgate" spellCheck={false}
          onChange={(e) => set('url', e.target.value, 'url')} error={errors.url}
          hint="Tollgate posts each event here as JSON. In production the URL must use https and reach a public address." />
        <TextAreaField label="Description (optional)" rows={2} value={form.description} maxLength={500}
          onChange={(e) => set('description', e.target.value, 'description')} error={errors.description} />
        {!endpoint && (
          <SelectField label="Team" value={form.teamId} onChange={(e) => set('teamId', e.target.value, 'team_id')} error={errors.team_id}
            hint={canManage ? 'Tenant-wide endpoints receive every event of the tenant; a team’s, the events about its applications.' : 'The endpoint receives the events about this team’s applications.'}>
            {canManage ? <option value="">Tenant-wide</option> : <option value="">Choose a team</option>}
            {teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </SelectField>
        )}
        <EventsFieldset form={form} error={errors.events}
          onChange={(next) => {
            setForm((f) => ({ ...f, ...next }));
            fe.clear('events');
          }} />
        {endpoint && (
          <CheckboxField label="Enabled" checked={form.enabled} onChange={(e) => setForm((f) => ({ ...f, enabled: e.target.checked }))}
            hint="A disabled endpoint receives nothing; events that happen meanwhile are not sent later." />
        )}
      </form>
    </Dialog>
  );
}
