import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { FormError } from '../../../components/FormError';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { plural } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { NotificationPreference } from '../../../lib/types';
import { usePreferences, useSavePreferences } from '../api/notifications';
import { CHANNEL_LABELS, changedKinds, channelState, setChannel, setChoice, toInput, type Channel } from '../preferences';

const CHANNELS: Channel[] = ['portal', 'email'];

/** AllToggle turns a channel on or off for every kind; it shows "mixed" when only some kinds have it. */
function AllToggle({ prefs, channel, onChange }: { prefs: NotificationPreference[]; channel: Channel; onChange: (on: boolean) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const state = channelState(prefs, channel);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <input ref={ref} type="checkbox" className="checkbox" checked={state === 'all'} aria-label={`${CHANNEL_LABELS[channel]}: every kind`}
      onChange={(e) => onChange(e.target.checked)} />
  );
}

/** PreferencesForm edits the choices: one row per kind, a checkbox per channel, saved together. */
function PreferencesForm({ saved }: { saved: NotificationPreference[] }) {
  const { tenant } = useTenant();
  const save = useSavePreferences(tenant.slug);
  const toast = useToast();
  const [draft, setDraft] = useState(saved);
  useEffect(() => setDraft(saved), [saved]);
  const changed = changedKinds(saved, draft);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(toInput(draft), { onSuccess: () => toast.success('Your notification preferences were saved.') });
  };

  return (
    <form onSubmit={onSubmit} aria-label="Notification preferences" className="card">
      <FormError error={save.error} />
      <div className="table-wrap">
        <table className="table preferences-table">
          <caption className="sr-only">What to notify you about, and where</caption>
          <thead>
            <tr>
              <th scope="col">Notification</th>
              {CHANNELS.map((c) => (
                <th key={c} scope="col" className="check-cell">
                  <label className="check-head">
                    <AllToggle prefs={draft} channel={c} onChange={(on) => setDraft((d) => setChannel(d, c, on))} />
                    {CHANNEL_LABELS[c]}
                  </label>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {draft.map((p) => (
              <tr key={p.kind}>
                <th scope="row">
                  <span className="preference-label">{p.label}</span>
                  {p.description && <span className="muted small preference-description">{p.description}</span>}
                </th>
                {CHANNELS.map((c) => (
                  <td key={c} className="check-cell">
                    <input type="checkbox" className="checkbox" checked={p[c]} aria-label={`${p.label}: ${CHANNEL_LABELS[c].toLowerCase()}`}
                      onChange={(e) => setDraft((d) => setChoice(d, p.kind, c, e.target.checked))} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={changed.length === 0 || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save preferences'}
        </button>
        <button type="button" className="btn btn-ghost" disabled={changed.length === 0 || save.isPending} onClick={() => setDraft(saved)}>
          Discard changes
        </button>
        {changed.length > 0 && (
          <span className="muted small" role="status">
            {plural(changed.length, ['kind', 'kinds'])} changed, not saved yet.
          </span>
        )}
      </div>
    </form>
  );
}

/** NotificationPreferencesPage lets members choose, per kind of alert, whether they hear of it in the portal and by email. */
export function NotificationPreferencesPage() {
  const { tenant } = useTenant();
  const prefs = usePreferences(tenant.slug);
  return (
    <>
      <PageHeader title="Notification preferences" back={<Link to={`/t/${tenant.slug}/notifications`}>← Notifications</Link>}
        description={`What you hear about in ${tenant.name}, and where. These choices are yours alone and apply to this tenant only.`} />
      {prefs.isPending ? (
        <LoadingState />
      ) : prefs.isError ? (
        <ErrorState error={prefs.error} onRetry={() => prefs.refetch()} />
      ) : prefs.data.length === 0 ? (
        <EmptyState title="Nothing to choose">There are no kinds of notifications to choose from.</EmptyState>
      ) : (
        <PreferencesForm saved={prefs.data} />
      )}
      <p className="muted small">
        Requests waiting for your decision and news about payments are always shown in the portal. Emails go to the address of
        your profile.
      </p>
    </>
  );
}
