import { useState } from 'react';
import { CopyOnceDialog } from '../../../components/CopyOnceDialog';
import { PageHeader } from '../../../components/PageHeader';
import { SettingsNav } from '../../../components/SettingsNav';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { useTenant } from '../../../lib/tenant';
import type { CreatedWebhookEndpoint } from '../../../lib/types';
import { useEndpoints, useTeamOptions } from '../api/webhooks';
import { DeleteEndpointDialog, useEndpointDialogs, useSendTest } from './EndpointActions';
import { EndpointFormDialog } from './EndpointFormDialog';
import { EndpointsTable } from './EndpointsTable';
import { SignatureHelp } from './SignatureHelp';

/** WEBHOOKS_FORBIDDEN is why members of no team may not register webhooks. */
export const WEBHOOKS_FORBIDDEN =
  'Webhook endpoints belong to teams (or, for owners and admins, to the whole tenant). Join a team to register one.';

/**
 * WebhooksPage lists the outgoing webhook endpoints the caller manages: admins every one (tenant-wide or a team's),
 * others their teams'. Endpoints are added (their signing secret shown once), edited, tested and deleted here.
 */
export function WebhooksPage() {
  const { tenant, canManage, teamIds } = useTenant();
  const allowed = canManage || teamIds.length > 0;
  const endpoints = useEndpoints(tenant.slug, allowed);
  const teams = useTeamOptions(tenant.slug, allowed);
  const dialogs = useEndpointDialogs();
  const test = useSendTest();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);

  if (!allowed) return <ForbiddenState what="webhooks" because={WEBHOOKS_FORBIDDEN} />;

  const allTeams = teams.data?.items ?? [];
  const myTeams = canManage ? allTeams : allTeams.filter((t) => teamIds.includes(t.id));
  const addButton = (
    <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
      Add endpoint
    </button>
  );

  let body;
  if (endpoints.isPending) body = <LoadingState />;
  else if (endpoints.isError) body = <ErrorState error={endpoints.error} onRetry={() => endpoints.refetch()} />;
  else if (endpoints.data.length === 0) {
    body = (
      <EmptyState title="No webhook endpoints yet" action={addButton}>
        Add an endpoint to receive quota warnings, payment problems, expiring keys and subscription decisions on your own
        server, signed by Tollgate.
      </EmptyState>
    );
  } else {
    body = (
      <EndpointsTable endpoints={endpoints.data} teams={allTeams} testing={test.testing} onTest={test.send}
        onEdit={dialogs.setEditing} onDelete={dialogs.setDeleting} />
    );
  }

  return (
    <>
      <PageHeader title="Webhooks" docTitle="Webhook endpoints" actions={endpoints.data?.length ? addButton : undefined}
        description={canManage
          ? 'Tollgate posts events to these URLs: tenant-wide endpoints get every event, a team’s endpoints the events about its applications.'
          : 'Tollgate posts the events about your teams’ applications to these URLs.'} />
      <SettingsNav />
      {body}
      <SignatureHelp />
      <EndpointFormDialog open={creating} teams={myTeams} onClose={() => setCreating(false)} onCreated={setCreated} />
      <EndpointFormDialog open={dialogs.editing !== null} endpoint={dialogs.editing} teams={myTeams} onClose={() => dialogs.setEditing(null)} />
      <DeleteEndpointDialog endpoint={dialogs.deleting} onClose={() => dialogs.setDeleting(null)} />
      <CopyOnceDialog open={created !== null} title="Copy the signing secret" value={created?.secret ?? ''} label="Signing secret"
        copyLabel="Copy secret" onClose={() => setCreated(null)}
        warning="This is the only time the secret is shown. Store it with your server’s other secrets.">
        <p>
          The endpoint was added. Your server uses this secret to check that each delivery comes from Tollgate (see “Verifying
          deliveries”).
        </p>
      </CopyOnceDialog>
    </>
  );
}
