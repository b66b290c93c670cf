import { Link, useParams } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState, LoadingState } from '../../../components/States';
import { providesApi, useTenant } from '../../../lib/tenant';
import { useLoggedApi, useLoggedApplication } from '../api/calls';
import { CallLog } from './CallLog';

/** ApiCallsPage is an API's call log for its providers: every application's calls, refused ones included. */
export function ApiCallsPage() {
  const { apiId = '' } = useParams();
  const access = useTenant();
  const { tenant } = access;
  const api = useLoggedApi(tenant.slug, apiId);
  const back = <Link to={`/t/${tenant.slug}/apis/${apiId}`}>← {api.data?.name ?? 'API'}</Link>;
  if (api.isPending) return <LoadingState />;
  if (api.isError) {
    return (
      <>
        <PageHeader title="Call log" back={<Link to={`/t/${tenant.slug}/apis`}>← All APIs</Link>} />
        <ErrorState error={api.error} onRetry={() => api.refetch()} />
      </>
    );
  }
  const a = api.data;
  if (!providesApi(access, a.team_id)) {
    return (
      <>
        <PageHeader title="Call log" docTitle={`Call log · ${a.name}`} back={<Link to={`/t/${tenant.slug}/catalogue/${a.id}`}>← {a.name}</Link>} />
        <div className="state state-error" role="alert">
          <p className="state-title">No access</p>
          <p className="state-text">
            Only the team that owns {a.name} ({a.team_name}) and the tenant's owners and admins can see its call log. Your
            own calls are in your application's call log.
          </p>
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Call log" docTitle={`Call log · ${a.name}`} back={back}
        description={<>Every call to {a.name} through the gateway, from every application, newest first: the calls it refused too.</>} />
      <CallLog scope="api" id={a.id} subject={a.name} />
    </>
  );
}

/** AppCallsPage is an application's call log for its team: the calls made with its keys, to every API. */
export function AppCallsPage() {
  const { appId = '' } = useParams();
  const { tenant } = useTenant();
  const app = useLoggedApplication(tenant.slug, appId);
  if (app.isPending) return <LoadingState />;
  if (app.isError) {
    return (
      <>
        <PageHeader title="Call log" back={<Link to={`/t/${tenant.slug}/applications`}>← All applications</Link>} />
        <ErrorState error={app.error} onRetry={() => app.refetch()} />
      </>
    );
  }
  const a = app.data;
  return (
    <>
      <PageHeader title="Call log" docTitle={`Call log · ${a.name}`}
        back={<Link to={`/t/${tenant.slug}/applications/${a.id}`}>← {a.name}</Link>}
        description={<>Every call made with the keys of {a.name}, to every API, newest first: the calls the gateway refused too.</>} />
      <CallLog scope="application" id={a.id} subject={a.name} />
    </>
  );
}
