import { Fragment, useState } from 'react';
import { SelectField, TextField } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { Pagination } from '../../../components/Pagination';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { formatDateTime } from '../../../lib/format';
import { useDebouncedValue, usePagination } from '../../../lib/hooks';
import { useTenant } from '../../../lib/tenant';
import type { AuditEntry } from '../../../lib/types';
import { useActorOptions, useAuditLog } from '../api/audit';

const PAGE_SIZE = 25;

// Actions the server records; the filter matches by prefix, so "team" finds every team action.
const KNOWN_ACTIONS = [
  'tenant.create',
  'tenant.update',
  'member.add',
  'member.update_role',
  'member.remove',
  'invitation.create',
  'invitation.accept',
  'invitation.revoke',
  'team.create',
  'team.update',
  'team.delete',
  'team.member_add',
  'team.member_remove',
  'api.create',
  'api.update',
  'api.publish',
  'api.deprecate',
  'api.retire',
  'api.delete',
  'api.openapi_set',
  'api.openapi_remove',
  'plan.create',
  'plan.update',
  'plan.archive',
  'application.create',
  'application.update',
  'application.delete',
  'subscription.request',
  'subscription.approve',
  'subscription.change_plan',
  'api_key.create',
  'api_key.rename',
  'api_key.rotate',
  'api_key.revoke',
];

/** AuditPage shows who changed what in the tenant, newest first, with the object before and after. */
export function AuditPage() {
  const { tenant, canManage } = useTenant();
  const [actionInput, setActionInput] = useState('');
  const [actorId, setActorId] = useState('');
  const action = useDebouncedValue(actionInput.trim());
  const page = usePagination(PAGE_SIZE, [action, actorId]);
  const log = useAuditLog(tenant.slug, { action, actor_id: actorId, limit: page.limit, offset: page.offset }, canManage);
  const actors = useActorOptions(tenant.slug, canManage);
  const [open, setOpen] = useState<Set<string>>(new Set());
  const key = (e: AuditEntry) => String(e.id);

  if (!canManage) return <ForbiddenState what="the audit log" />;

  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const filtered = action !== '' || actorId !== '';

  return (
    <>
      <PageHeader title="Audit log" description={`Every change in ${tenant.name}, newest first.`} />
      <div className="toolbar toolbar-fields">
        <TextField label="Action" list="audit-actions" placeholder="e.g. team or team.create" value={actionInput}
          onChange={(e) => setActionInput(e.target.value)} />
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <SelectField label="Actor" value={actorId} onChange={(e) => setActorId(e.target.value)}>
          <option value="">Anyone</option>
          {[...(actors.data?.items ?? [])]
            .sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email, undefined, { sensitivity: 'base' }))
            .map((m) => (
            <option key={m.user_id} value={m.user_id}>
              {m.name ? `${m.name} (${m.email})` : m.email}
            </option>
          ))}
        </SelectField>
      </div>
      {log.isPending ? (
        <LoadingState />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => log.refetch()} />
      ) : log.data.items.length === 0 ? (
        <EmptyState title={filtered ? 'No entries match your filters' : 'No audit entries yet'}>
          {filtered ? 'Try another action or actor.' : 'Changes to members, teams and settings are recorded here.'}
        </EmptyState>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">Audit log</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">IP</th>
                  <th scope="col"><span className="sr-only">Details</span></th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((entry) => (
                  <AuditRow key={key(entry)} entry={entry} open={open.has(key(entry))} onToggle={() => toggle(key(entry))} />
                ))}
              </tbody>
            </table>
          </div>
          <Pagination total={log.data.total} limit={page.limit} offset={page.offset} onChange={page.setOffset}
            noun={["entry", "entries"]} />
        </>
      )}
    </>
  );
}

function AuditRow({ entry, open, onToggle }: { entry: AuditEntry; open: boolean; onToggle: () => void }) {
  const detailsId = `audit-${entry.id}`;
  const hasChanges = entry.before !== null || entry.after !== null;
  return (
    <Fragment>
      <tr>
        <td className="nowrap">{formatDateTime(entry.created_at)}</td>
        <td>{entry.actor ? entry.actor.name || entry.actor.email : <span className="muted">System</span>}</td>
        <td>
          <code>{entry.action}</code>
        </td>
        <td>
          <span className="muted">{entry.target_type}</span>{' '}
          {entry.target_label ? (
            <span title={entry.target_id || undefined}>{entry.target_label}</span>
          ) : entry.target_id ? (
            <code className="small" title={entry.target_id}>
              {entry.target_id.slice(0, 8)}
            </code>
          ) : null}
        </td>
        <td className="muted">{entry.ip || '—'}</td>
        <td className="actions">
          <button type="button" className="btn btn-sm btn-ghost" aria-expanded={open} aria-controls={open ? detailsId : undefined}
            onClick={onToggle} disabled={!hasChanges} aria-label={`${open ? 'Hide' : 'Show'} changes of ${entry.action}`}>
            {open ? 'Hide' : 'Changes'}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={detailsId} className="details-row">
          <td colSpan={6}>
            <div className="diff">
              <div>
                <h3>Before</h3>
                <pre>{entry.before ? JSON.stringify(entry.before, null, 2) : '—'}</pre>
              </div>
              <div>
                <h3>After</h3>
                <pre>{entry.after ? JSON.stringify(entry.after, null, 2) : '—'}</pre>
              </div>
            </div>
            <p className="muted small">Request ID {entry.request_id || '—'}</p>
          </td>
        </tr>
      )}
    </Fragment>
  );
}
