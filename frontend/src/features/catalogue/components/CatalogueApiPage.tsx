import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Badge, LifecycleBadge, StateBadge } from '../../../components/Badge';
import { OpenApiDocs } from '../../../components/OpenApiDocs';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/States';
import { Tabs } from '../../../components/Tabs';
import { TryItPanel } from '../../../components/TryItPanel';
import { APPROVAL_LABELS, formatDate, LIVE_STATES, planLimits, planPrice } from '../../../lib/format';
import { readOpenApi, type OperationModel } from '../../../lib/openapi';
import { useTenant } from '../../../lib/tenant';
import type { Api } from '../../../lib/types';
import { useApiDoc, useCatalogueApi, useMySubscriptionsTo, useOpenPlans } from '../api/catalogue';
import { SubscribeDialog } from './SubscribeDialog';

type Tab = 'docs' | 'plans' | 'try';
const TABS: { id: Tab; label: string }[] = [
  { id: 'docs', label: 'Docs' },
  { id: 'plans', label: 'Plans' },
  { id: 'try', label: 'Try it' },
];

/** CatalogueApiPage shows one API to developers: its docs, its plans with a Subscribe action, and a try-out. */
export function CatalogueApiPage() {
  const { apiId = '' } = useParams();
  const { tenant, canManage } = useTenant();
  const api = useCatalogueApi(tenant.slug, apiId);
  const doc = useApiDoc(tenant.slug, apiId, !!api.data?.has_openapi);
  const [params, setParams] = useSearchParams();
  const tab = (TABS.some((t) => t.id === params.get('tab')) ? params.get('tab') : 'docs') as Tab;
  const setTab = (t: Tab) => setParams(t === 'docs' ? {} : { tab: t }, { replace: true });
  const [preset, setPreset] = useState<OperationModel | null>(null);
  const operations = useMemo(() => {
    try {
      return doc.data ? readOpenApi(doc.data).operations : [];
    } catch {
      return [];
    }
  }, [doc.data]);

  const back = <Link to={`/t/${tenant.slug}/catalogue`}>← Catalogue</Link>;
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
  return (
    <>
      <PageHeader
        back={back}
        title={a.name}
        description={
          <>
            <code>{a.base_path}</code> · by {a.team_name}
            {(a.tags ?? []).length > 0 && (
              <span className="tag-list inline">
                {a.tags.map((t) => (
                  <Badge key={t}>{t}</Badge>
                ))}
              </span>
            )}
          </>
        }
        actions={
          <>
            {canManage && (
              <Link className="btn" to={`/t/${tenant.slug}/apis/${a.id}`}>
                Manage API
              </Link>
            )}
            <button type="button" className="btn btn-primary" onClick={() => setTab('plans')}
              disabled={a.lifecycle !== 'published'}>
              Subscribe
            </button>
          </>
        }
      />
      {a.lifecycle === 'deprecated' && (
        <Alert tone="warning" title={`${a.name} is deprecated`}>
          {a.sunset_at
            ? `It will stop working on ${formatDate(a.sunset_at)}. New subscriptions are not possible; plan your move.`
            : 'New subscriptions are not possible; plan your move.'}
        </Alert>
      )}
      {a.lifecycle !== 'published' && a.lifecycle !== 'deprecated' && (
        <Alert tone="info">
          This API is <LifecycleBadge lifecycle={a.lifecycle} /> and not in the catalogue.
        </Alert>
      )}
      {a.description && <p className="prewrap lead">{a.description}</p>}
      <MySubscriptions api={a} />
      <Tabs label="API sections" tabs={TABS} value={tab} onChange={setTab}>
        {tab === 'docs' &&
          (!a.has_openapi ? (
            <EmptyState title="No docs yet">The team behind {a.name} has not published an OpenAPI document.</EmptyState>
          ) : doc.isPending ? (
            <LoadingState label="Loading the docs…" />
          ) : doc.isError ? (
            <ErrorState error={doc.error} onRetry={() => doc.refetch()} />
          ) : (
            <OpenApiDocs doc={doc.data} onTry={(op) => {
              setPreset(op);
              setTab('try');
            }} />
          ))}
        {tab === 'plans' && <Plans api={a} />}
        {tab === 'try' && <TryItPanel tenant={tenant.slug} basePath={a.base_path} allowQueryKey={a.allow_query_key} operations={operations} preset={preset} />}
      </Tabs>
    </>
  );
}

function MySubscriptions({ api }: { api: Api }) {
  const { tenant } = useTenant();
  const subs = useMySubscriptionsTo(tenant.slug, api.id);
  const live = (subs.data?.items ?? []).filter((s) => LIVE_STATES.includes(s.state));
  if (live.length === 0) return null;
  return (
    <section className="card" aria-labelledby="my-subs-title">
      <h2 id="my-subs-title">Your subscriptions to {api.name}</h2>
      <ul className="plain-list">
        {live.map((s) => (
          <li key={s.id}>
            <Link to={`/t/${tenant.slug}/applications/${s.application_id}`}>{s.application_name}</Link> · plan {s.plan_name}{' '}
            <StateBadge state={s.state} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Plans({ api }: { api: Api }) {
  const { tenant } = useTenant();
  const plans = useOpenPlans(tenant.slug, api.id);
  const [planId, setPlanId] = useState<string | null>(null);
  if (plans.isPending) return <LoadingState />;
  if (plans.isError) return <ErrorState error={plans.error} onRetry={() => plans.refetch()} />;
  const items = plans.data.items;
  if (items.length === 0) {
    return <EmptyState title="No plans yet">{api.name} has no plan to subscribe to yet.</EmptyState>;
  }
  const canSubscribe = api.lifecycle === 'published';
  return (
    <>
      <ul className="card-grid" aria-label="Plans">
        {items.map((p) => (
          <li key={p.id} className="card plan-card">
            <h3>{p.name}</h3>
            <p className="plan-price">{planPrice(p)}</p>
            {p.description && <p className="muted">{p.description}</p>}
            <ul className="plain-list small">
              <li>{planLimits(p)}</li>
              <li>{APPROVAL_LABELS[p.approval]}</li>
              {p.paid && p.overage === 'bill' && <li>Calls over the quota are billed</li>}
            </ul>
            <button type="button" className="btn btn-primary" disabled={!canSubscribe} onClick={() => setPlanId(p.id)}
              aria-label={`Subscribe to the ${p.name} plan`}>
              Subscribe
            </button>
          </li>
        ))}
      </ul>
      {!canSubscribe && <p className="muted">New subscriptions are possible only while the API is published.</p>}
      <SubscribeDialog open={planId !== null} api={api} plans={items} planId={planId ?? ''} onClose={() => setPlanId(null)} />
    </>
  );
}
