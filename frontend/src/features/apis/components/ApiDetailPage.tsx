import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Badge, LifecycleBadge } from '../../../components/Badge';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { OpenApiDocs } from '../../../components/OpenApiDocs';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../../components/States';
import { Tabs } from '../../../components/Tabs';
import { useToast } from '../../../components/Toast';
import { TryItPanel } from '../../../components/TryItPanel';
import { formatDate, formatDateTime } from '../../../lib/format';
import { readOpenApi, type OperationModel } from '../../../lib/openapi';
import { providesApi, useTenant } from '../../../lib/tenant';
import type { Api } from '../../../lib/types';
import { useApi, useDeleteApi, useDeleteOpenApi, useOpenApiDoc, useTeamOptions } from '../api/apis';
import { ApiFormDialog } from './ApiFormDialog';
import { ACTION_LABELS, LifecycleDialog, nextAction } from './LifecycleDialog';
import { OpenApiUploadDialog } from './OpenApiUpload';
import { PlansSection } from './PlansSection';
import { SubscribersSection } from './SubscribersSection';

type Tab = 'overview' | 'docs' | 'plans' | 'subscribers' | 'try';
const TABS: { id: Tab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'docs', label: 'Docs' },
  { id: 'plans', label: 'Plans' },
  { id: 'subscribers', label: 'Subscribers' },
  { id: 'try', label: 'Try it' },
];

/** ApiDetailPage is where a provider manages one API: settings and lifecycle, docs, plans, subscribers, a try-out. */
export function ApiDetailPage() {
  const { apiId = '' } = useParams();
  const access = useTenant();
  const { tenant, isProvider } = access;
  const api = useApi(tenant.slug, apiId);
  const [params, setParams] = useSearchParams();
  const tab = (TABS.some((t) => t.id === params.get('tab')) ? params.get('tab') : 'overview') as Tab;
  const setTab = (t: Tab) => setParams(t === 'overview' ? {} : { tab: t }, { replace: true });
  const [preset, setPreset] = useState<OperationModel | null>(null);
  const doc = useOpenApiDoc(tenant.slug, apiId, !!api.data?.has_openapi);
  const operations = useMemo(() => {
    try {
      return doc.data ? readOpenApi(doc.data).operations : [];
    } catch {
      return [];
    }
  }, [doc.data]);

  const back = <Link to={`/t/${tenant.slug}/apis`}>← All APIs</Link>;
  if (!isProvider) {
    return (
      <ForbiddenState what="the API management pages"
        because="Only owners and admins of this tenant, and members of the team that owns an API, can manage it." />
    );
  }
  if (api.isPending) return <LoadingState />;
  if (api.isError) {
    return (
      <>
        <PageHeader title="API" back={back} />
        <ErrorState error={api.error} onRetry={() => api.refetch()} />
      </>
    );
  }
  const a = api.data;
  if (!providesApi(access, a.team_id)) {
    return (
      <>
        <PageHeader title={a.name} back={back} />
        <div className="state state-error" role="alert">
          <p className="state-title">No access</p>
          <p className="state-text">
            Only the team that owns {a.name} ({a.team_name}) and the tenant's owners and admins can manage it.
          </p>
          {(a.lifecycle === 'published' || a.lifecycle === 'deprecated') && (
            <div className="state-action">
              <Link className="btn" to={`/t/${tenant.slug}/catalogue/${a.id}`}>
                View in catalogue
              </Link>
            </div>
          )}
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader
        back={back}
        title={a.name}
        docTitle={a.name}
        description={
          <>
            <LifecycleBadge lifecycle={a.lifecycle} /> <code>{a.base_path}</code> · team {a.team_name}
            {a.lifecycle === 'deprecated' && a.sunset_at && <> · sunset {formatDate(a.sunset_at)}</>}
          </>
        }
        actions={
          <>
            <Link className="btn" to={`/t/${tenant.slug}/apis/${a.id}/calls`}>
              Call log
            </Link>
            {(a.lifecycle === 'published' || a.lifecycle === 'deprecated') && (
              <Link className="btn" to={`/t/${tenant.slug}/catalogue/${a.id}`}>
                View in catalogue
              </Link>
            )}
          </>
        }
      />
      <Tabs label="API sections" tabs={TABS} value={tab} onChange={setTab}>
        {tab === 'overview' && <Overview api={a} />}
        {tab === 'docs' && (
          <DocsSection api={a} doc={doc} onTry={(op) => {
            setPreset(op);
            setTab('try');
          }} />
        )}
        {tab === 'plans' && <PlansSection api={a} />}
        {tab === 'subscribers' && <SubscribersSection api={a} />}
        {tab === 'try' && (
          <>
            {a.lifecycle === 'draft' && (
              <Alert tone="info">This API is a draft: the gateway serves it only once it is published.</Alert>
            )}
            <TryItPanel tenant={tenant.slug} basePath={a.base_path} allowQueryKey={a.allow_query_key} operations={operations} preset={preset} />
          </>
        )}
      </Tabs>
    </>
  );
}

function Overview({ api: a }: { api: Api }) {
  const { tenant } = useTenant();
  const teams = useTeamOptions(tenant.slug, a.visibility === 'private');
  const remove = useDeleteApi(tenant.slug);
  const toast = useToast();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [moving, setMoving] = useState(false);
  const action = nextAction(a);
  const teamName = (id: string) => teams.data?.items.find((t) => t.id === id)?.name ?? id.slice(0, 8);

  return (
    <section className="card" aria-labelledby="overview-title">
      <div className="section-header">
        <h2 id="overview-title">Settings</h2>
        <div className="page-actions">
          {a.lifecycle !== 'retired' && (
            <button type="button" className="btn" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          {action && (
            <button type="button" className={action === 'publish' ? 'btn btn-primary' : 'btn btn-danger-ghost'}
              onClick={() => setMoving(true)}>
              {ACTION_LABELS[action]}
            </button>
          )}
          {a.lifecycle === 'draft' && (
            <button type="button" className="btn btn-danger-ghost" onClick={() => setDeleting(true)}>
              Delete
            </button>
          )}
        </div>
      </div>
      {a.description && <p className="prewrap">{a.description}</p>}
      <dl className="details details-wide">
        <div>
          <dt>Slug</dt>
          <dd>
            <code>{a.slug}</code>
          </dd>
        </div>
        <div>
          <dt>Base path</dt>
          <dd>
            <code>{a.base_path}</code>
          </dd>
        </div>
        {a.host && (
          <div>
            <dt>Host</dt>
            <dd className="break">
              <code>{a.host}</code>
            </dd>
          </div>
        )}
        <div>
          <dt>Upstream</dt>
          <dd className="break">
            <code>{a.upstream_url}</code>
          </dd>
        </div>
        <div>
          <dt>Timeout</dt>
          <dd>{a.timeout_ms} ms</dd>
        </div>
        <div>
          <dt>Visibility</dt>
          <dd>
            {a.visibility === 'public'
              ? 'Public in this tenant'
              : `Private: ${[a.team_name, ...(a.visible_team_ids ?? []).map(teamName)].join(', ')}`}
          </dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            {(a.tags ?? []).length ? (
              <span className="tag-list">
                {a.tags.map((t) => (
                  <Badge key={t}>{t}</Badge>
                ))}
              </span>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Key in query</dt>
          <dd>{a.allow_query_key ? 'Accepted as ?api_key=' : 'Headers only'}</dd>
        </div>
        <div>
          <dt>Lifecycle</dt>
          <dd>
            <LifecycleBadge lifecycle={a.lifecycle} />
            {a.sunset_at && <> sunset {formatDateTime(a.sunset_at)}</>}
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(a.updated_at)}</dd>
        </div>
      </dl>
      <ApiFormDialog open={editing} api={a} onClose={() => setEditing(false)} />
      {action && <LifecycleDialog open={moving} api={a} action={action} onClose={() => setMoving(false)} />}
      <ConfirmDialog
        open={deleting}
        title="Delete API?"
        confirmLabel="Delete API"
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await remove.mutateAsync(a.id);
          toast.success(`${a.name} was deleted.`);
          navigate(`/t/${tenant.slug}/apis`, { replace: true });
        }}
      >
        <p>
          Delete the draft <strong>{a.name}</strong> with its plans and docs? This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function DocsSection({
  api: a,
  doc,
  onTry,
}: {
  api: Api;
  doc: ReturnType<typeof useOpenApiDoc>;
  onTry: (op: OperationModel) => void;
}) {
  const { tenant } = useTenant();
  const remove = useDeleteOpenApi(tenant.slug, a.id);
  const toast = useToast();
  const [uploading, setUploading] = useState(false);
  const [removing, setRemoving] = useState(false);
  const uploadButton = (
    <button type="button" className="btn btn-primary" onClick={() => setUploading(true)}>
      {a.has_openapi ? 'Replace document' : 'Upload OpenAPI'}
    </button>
  );
  return (
    <section aria-labelledby="docs-title">
      <div className="section-header">
        <h2 id="docs-title">Docs</h2>
        <div className="page-actions">
          {a.has_openapi && (
            <button type="button" className="btn btn-danger-ghost" onClick={() => setRemoving(true)}>
              Remove document
            </button>
          )}
          {a.has_openapi && uploadButton}
        </div>
      </div>
      {!a.has_openapi ? (
        <EmptyState title="No OpenAPI document yet" action={uploadButton}>
          Upload the API's OpenAPI document (JSON or YAML) and developers get readable docs and a try-out panel.
        </EmptyState>
      ) : doc.isPending ? (
        <LoadingState label="Loading the docs…" />
      ) : doc.isError ? (
        <ErrorState error={doc.error} onRetry={() => doc.refetch()} />
      ) : (
        <OpenApiDocs doc={doc.data} onTry={onTry} />
      )}
      <OpenApiUploadDialog open={uploading} api={a} onClose={() => setUploading(false)} />
      <ConfirmDialog
        open={removing}
        title="Remove OpenAPI document?"
        confirmLabel="Remove document"
        onClose={() => setRemoving(false)}
        onConfirm={async () => {
          await remove.mutateAsync();
          toast.success(`The OpenAPI document of ${a.name} was removed.`);
        }}
      >
        <p>Remove the OpenAPI document of {a.name}? Developers no longer see its docs until you upload one again.</p>
      </ConfirmDialog>
    </section>
  );
}
