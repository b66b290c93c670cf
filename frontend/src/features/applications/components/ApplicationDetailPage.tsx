import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState, LoadingState } from '../../../components/States';
import { Tabs } from '../../../components/Tabs';
import { useToast } from '../../../components/Toast';
import { formatDate, LIVE_STATES } from '../../../lib/format';
import { useTenant } from '../../../lib/tenant';
import { useAppSubscriptions, useApplication, useDeleteApplication } from '../api/applications';
import { AppSubscriptions } from './AppSubscriptions';
import { ApplicationFormDialog } from './ApplicationFormDialog';
import { KeysSection } from './KeysSection';

// The Usage tab brings the charts: it loads when first opened.
const AppUsage = lazy(() => import('./AppUsage').then((m) => ({ default: m.AppUsage })));

type Tab = 'overview' | 'usage';
const TABS: { id: Tab; label: string }[] = [
  { id: 'overview', label: 'Subscriptions and keys' },
  { id: 'usage', label: 'Usage' },
];

/**
 * ApplicationDetailPage shows one application: its subscriptions with their history and its API keys, and on the
 * Usage tab (`?tab=usage`) its quotas, traffic and latest refusals.
 */
export function ApplicationDetailPage() {
  const { appId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab = (TABS.some((t) => t.id === params.get('tab')) ? params.get('tab') : 'overview') as Tab;
  const setTab = (t: Tab) => setParams(t === 'overview' ? {} : { tab: t }, { replace: true });
  const { tenant } = useTenant();
  const app = useApplication(tenant.slug, appId);
  const subs = useAppSubscriptions(tenant.slug, appId);
  const remove = useDeleteApplication(tenant.slug);
  const toast = useToast();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const back = <Link to={`/t/${tenant.slug}/applications`}>← All applications</Link>;
  if (app.isPending) return <LoadingState />;
  if (app.isError) {
    return (
      <>
        <PageHeader title="Application" back={back} />
        <ErrorState error={app.error} onRetry={() => app.refetch()} />
      </>
    );
  }
  const a = app.data;
  // The APIs a key can be limited to: those the application still subscribes to.
  const apis = new Map<string, string>();
  for (const s of subs.data?.items ?? []) if (LIVE_STATES.includes(s.state)) apis.set(s.api_id, s.api_name);
  const liveCount = (subs.data?.items ?? []).filter((s) => LIVE_STATES.includes(s.state)).length;

  return (
    <>
      <PageHeader
        back={back}
        title={a.name}
        description={a.description || `Team ${a.team_name}, created ${formatDate(a.created_at)}.`}
        actions={
          <>
            <Link className="btn" to={`/t/${tenant.slug}/applications/${a.id}/calls`}>
              Call log
            </Link>
            <button type="button" className="btn" onClick={() => setEditing(true)}>
              Edit
            </button>
            <button type="button" className="btn btn-danger-ghost" onClick={() => setDeleting(true)}>
              Delete application
            </button>
          </>
        }
      />
      <Tabs label="Application sections" tabs={TABS} value={tab} onChange={setTab}>
        {tab === 'usage' ? (
          <Suspense fallback={<LoadingState label="Loading the usage…" />}>
            <AppUsage app={a} />
          </Suspense>
        ) : (
          <>
            <AppSubscriptions app={a} />
            <KeysSection app={a} apis={[...apis].map(([id, name]) => ({ id, name }))} />
          </>
        )}
      </Tabs>
      <ApplicationFormDialog open={editing} app={a} onClose={() => setEditing(false)} />
      <ConfirmDialog
        open={deleting}
        title="Delete application?"
        confirmLabel="Delete application"
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await remove.mutateAsync(a.id);
          toast.success(`${a.name} was deleted.`);
          navigate(`/t/${tenant.slug}/applications`, { replace: true });
        }}
      >
        <p>
          Delete <strong>{a.name}</strong> and its keys? This cannot be undone.
          {liveCount > 0 &&
            ` It still has ${liveCount} live subscription${liveCount === 1 ? '' : 's'}: cancel ${liveCount === 1 ? 'it' : 'them'} first, or the server refuses.`}
        </p>
      </ConfirmDialog>
    </>
  );
}
