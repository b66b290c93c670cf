import { useState } from 'react';
import { Badge, KeyStatusBadge } from '../../../components/Badge';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { CheckboxField } from '../../../components/FormField';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { useToast } from '../../../components/Toast';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import type { ApiKey, Application, CreatedApiKey } from '../../../lib/types';
import { useKeys, useRevokeKey } from '../api/applications';
import { CreateKeyDialog, NewKeyDialog, RenameKeyDialog, RotateKeyDialog } from './KeyDialogs';

/** KeysSection lists an application's API keys and creates, rotates, renames and revokes them. */
export function KeysSection({ app, apis }: { app: Application; apis: { id: string; name: string }[] }) {
  const { tenant } = useTenant();
  const [showAll, setShowAll] = useState(false);
  const keys = useKeys(tenant.slug, app.id, showAll ? 'all' : 'active');
  const revoke = useRevokeKey(tenant.slug, app.id);
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [rotatedFrom, setRotatedFrom] = useState<ApiKey | null>(null);
  const [rotating, setRotating] = useState<ApiKey | null>(null);
  const [renaming, setRenaming] = useState<ApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const apiName = (id: string) => apis.find((a) => a.id === id)?.name ?? 'an API no longer subscribed';

  const createButton = (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
      Create key
    </button>
  );
  return (
    <section aria-labelledby="keys-title" className="section">
      <div className="section-header">
        <h2 id="keys-title">API keys</h2>
        {createButton}
      </div>
      <CheckboxField label="Show revoked and expired keys" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
      {keys.isPending ? (
        <LoadingState />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => keys.refetch()} />
      ) : keys.data.items.length === 0 ? (
        <EmptyState title={showAll ? 'No keys yet' : 'No active keys'} action={createButton}>
          {apis.length === 0
            ? 'Keys call the APIs the application subscribes to. Subscribe first, then create a key.'
            : 'Create a key for your application to call its APIs through the gateway.'}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">API keys of {app.name}</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Status</th>
                <th scope="col">Scope</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {keys.data.items.map((k) => (
                <tr key={k.id}>
                  <td>
                    <strong>{k.name}</strong>
                    <div className="nowrap">
                      <code>{k.prefix}…</code>{' '}
                      <Badge tone={k.mode === 'live' ? 'violet' : 'neutral'}>{k.mode === 'live' ? 'Live' : 'Test'}</Badge>
                    </div>
                    <div className="muted small">
                      Created {formatDate(k.created_at)}
                      {k.created_by ? ` by ${k.created_by.name || k.created_by.email}` : ''}
                    </div>
                  </td>
                  <td>
                    <KeyStatusBadge status={k.status} />
                  </td>
                  <td className="small">
                    {(k.api_ids ?? []).length === 0 ? 'Every subscribed API' : k.api_ids.map(apiName).join(', ')}
                    {(k.allowed_ips ?? []).length > 0 && <div className="muted">From {k.allowed_ips.join(', ')}</div>}
                  </td>
                  <td className="nowrap">{k.revoked_at ? <span className="muted">Revoked {formatDateTime(k.revoked_at)}</span> : k.expires_at ? formatDateTime(k.expires_at) : 'Never'}</td>
                  <td className="nowrap">{k.last_used_at ? formatDateTime(k.last_used_at) : <span className="muted">Never</span>}</td>
                  <td className="actions">
                    {k.status === 'active' && (
                      <>
                        <button type="button" className="btn btn-sm" onClick={() => setRenaming(k)} aria-label={`Rename key ${k.name}`}>
                          Rename
                        </button>
                        <button type="button" className="btn btn-sm" onClick={() => setRotating(k)} aria-label={`Rotate key ${k.name} (${k.prefix})`}>
                          Rotate
                        </button>
                        <button type="button" className="btn btn-sm btn-danger-ghost" onClick={() => setRevoking(k)}
                          aria-label={`Revoke key ${k.name} (${k.prefix})`}>
                          Revoke
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CreateKeyDialog open={creating} appId={app.id} apis={apis} onClose={() => setCreating(false)} onCreated={(k) => {
        setRotatedFrom(null);
        setCreated(k);
      }} />
      <RotateKeyDialog appId={app.id} target={rotating} onClose={() => setRotating(null)} onRotated={(k, old) => {
        setRotatedFrom(old);
        setCreated(k);
      }} />
      <RenameKeyDialog appId={app.id} target={renaming} onClose={() => setRenaming(null)} />
      <NewKeyDialog created={created} rotatedFrom={rotatedFrom} onClose={() => {
        const name = created?.name;
        setCreated(null);
        if (name) toast.success(`Key ${name} is ready to use.`);
      }} />
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke key?"
        confirmLabel="Revoke key"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return;
          await revoke.mutateAsync(revoking.id);
          toast.success(`Key ${revoking.name} (${revoking.prefix}) was revoked.`);
        }}
      >
        <p>
          Revoke <strong>{revoking?.name}</strong> (<code>{revoking?.prefix}…</code>)? Every call with it is refused at once.
          This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
